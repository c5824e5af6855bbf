/**
 * The server's TLS identity: a self-signed certificate generated on first start, whose public-key
 * pin devices check.
 */
@NullMarked
package org.nubo.server.tls;

import org.jspecify.annotations.NullMarked;
