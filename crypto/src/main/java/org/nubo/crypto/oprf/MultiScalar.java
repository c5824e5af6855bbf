package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * {@code Σ s[i]·P[i]} for the OPRF's public weights, by {@link RistrettoPoint#vartimeMultiScalar}
 * (Pippenger's bucket method).
 *
 * <p><b>Variable time</b>: use it only for public scalars — the composite weights {@code d[i]} of
 * RFC 9497's proofs (hashes of public elements) and the proof's {@code c}, {@code s} — never for a
 * key, a blind or a proof's random scalar.
 */
final class MultiScalar {
  private MultiScalar() {}

  /** {@code Σ scalars[i]·points[i]}; the identity for no terms. Variable time (see above). */
  static RistrettoPoint vartimeSum(Scalar[] scalars, RistrettoPoint[] points) {
    if (scalars.length != points.length) {
      throw new IllegalArgumentException(
          scalars.length + " scalars but " + points.length + " points");
    }
    byte[][] bytes = new byte[scalars.length][];
    for (int i = 0; i < scalars.length; i++) {
      bytes[i] = scalars[i].toByteArray();
    }
    return RistrettoPoint.vartimeMultiScalar(bytes, points);
  }
}
