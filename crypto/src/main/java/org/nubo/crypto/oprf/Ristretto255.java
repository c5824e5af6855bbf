package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.util.List;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The ristretto255 group operations the OPRF needs, on 32-byte encodings. The stock implementation
 * is {@link #pureJava()} ({@link RistrettoPoint}); a server or a phone may plug in a native one
 * (libsodium) for speed: a constant-time multiplication costs about half as much in C. Either way
 * {@link OprfServerKey#evaluateEncoded} produces byte-identical answers, which the tests check
 * against the RFC 9497 vectors.
 *
 * <p>Implementations must be thread-safe: a batch is split over threads.
 */
public interface Ristretto255 {
  /**
   * {@code scalar · element}.
   *
   * @param element a canonical encoding of an element other than the identity
   * @param scalar 32 bytes, little-endian, below the group order
   * @return the encoded product, or 32 zero bytes if it is the identity
   * @throws OprfException if {@code element} is not a canonical encoding or is the identity
   */
  byte[] multiply(byte[] element, byte[] scalar);

  /**
   * The element that 64 uniform bytes map to (RFC 9496 section 4.3.4, the last step of
   * hash_to_ristretto255), encoded.
   *
   * @throws OprfException if {@code uniform} is not 64 bytes
   */
  default byte[] fromUniformBytes(byte[] uniform) {
    if (uniform.length != 64) {
      throw new OprfException("the one-way map takes 64 bytes, not " + uniform.length);
    }
    return RistrettoPoint.fromUniformBytes(uniform).encode();
  }

  /** {@code scalar · G}, encoded. */
  byte[] multiplyBase(byte[] scalar);

  /** {@code a + b}; each a canonical encoding (the identity, 32 zero bytes, is allowed). */
  byte[] add(byte[] a, byte[] b);

  /**
   * {@code Σ scalars[i]·elements[i]} for <b>public</b> scalars only (the composite weights of a
   * proof): it may run in variable time. The default decodes the elements in Java and runs a
   * Pippenger multi-scalar multiplication, about five to seven times cheaper per term at 1000 terms
   * than one multiplication per term.
   *
   * @param elements canonical encodings of elements other than the identity
   * @param scalars as many 32-byte little-endian scalars below the group order
   * @return the encoded sum, or 32 zero bytes if it is the identity
   * @throws OprfException if an element or scalar is not a canonical encoding
   */
  default byte[] multiplyPublicSum(List<byte[]> elements, List<byte[]> scalars) {
    if (elements.size() != scalars.size()) {
      throw new OprfException(elements.size() + " elements but " + scalars.size() + " scalars");
    }
    RistrettoPoint[] points = new RistrettoPoint[elements.size()];
    Scalar[] weights = new Scalar[points.length];
    for (int i = 0; i < points.length; i++) {
      points[i] = Suite.deserializeElement(elements.get(i), "an element");
      weights[i] = Suite.deserializeScalar(scalars.get(i), "a scalar");
    }
    return Suite.serialize(MultiScalar.vartimeSum(weights, points));
  }

  /**
   * The pure-Java implementation ({@link RistrettoPoint} on Bouncy Castle's field arithmetic): runs
   * anywhere, including Android.
   */
  static Ristretto255 pureJava() {
    return JavaRistretto255.INSTANCE;
  }
}
