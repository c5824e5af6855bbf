/**
 * The server's side of private contact discovery: the OPRF key file, the number-token port on the
 * OPRF, and the batch evaluator with its two group backends (libsodium, pure Java).
 */
@NullMarked
package org.nubo.server.discovery;

import org.jspecify.annotations.NullMarked;
