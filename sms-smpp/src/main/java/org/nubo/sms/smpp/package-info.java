/**
 * The server's SMS gateway over SMPP 3.4: binds to a carrier or aggregator as a transmitter and
 * submits verification codes, so the server core never sees a carrier protocol.
 */
@NullMarked
package org.nubo.sms.smpp;

import org.jspecify.annotations.NullMarked;
