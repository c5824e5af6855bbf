/**
 * The ristretto255 prime-order group (RFC 9496) in pure Java on Bouncy Castle's constant-time field
 * arithmetic mod 2^255 − 19: the group under Nubo's VOPRF ({@code org.nubo.crypto.oprf}).
 *
 * <p>The only public type is {@link org.nubo.crypto.ristretto.RistrettoPoint}; the curve formulas,
 * encodings, tables and multi-scalar multiplication are package-private.
 */
@NullMarked
package org.nubo.crypto.ristretto;

import org.jspecify.annotations.NullMarked;
