/**
 * A mobile carrier in a box: an SMPP 3.4 server that routes SMS between simulated phones and from
 * the Nubo server's gateway, and the SMPP-backed {@link org.nubo.client.SmsTransport} those phones
 * use. It lets the demo and the tests exercise SMS fallback without a real operator.
 */
@NullMarked
package org.nubo.carrier;

import org.jspecify.annotations.NullMarked;
