/**
 * SMPP 3.4 as both ends of Nubo's carrier links speak it (the server's gateway and the carrier
 * simulator with its phones): how a text and an address are coded into submit_sm and deliver_sm and
 * read back, how a submit_sm is sent, and a jSMPP socket factory with a connect timeout.
 */
@NullMarked
package org.nubo.smpp;

import org.jspecify.annotations.NullMarked;
