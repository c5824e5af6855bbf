package org.nubo.crypto.oprf;

/**
 * The ristretto255 group operations a server's batch evaluation needs, on 32-byte encodings. The
 * stock implementation is {@link #pureJava()} (curve25519-elisabeth, also what phones run); a
 * server may plug in a native one (libsodium) for speed. Either way {@link
 * OprfServerKey#evaluateEncoded} produces byte-identical answers, which the tests check against the
 * RFC 9497 vectors.
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

  /** {@code scalar · G}, encoded. */
  byte[] multiplyBase(byte[] scalar);

  /** {@code a + b}; each a canonical encoding (the identity, 32 zero bytes, is allowed). */
  byte[] add(byte[] a, byte[] b);

  /** The curve25519-elisabeth implementation: pure Java, runs anywhere (including Android). */
  static Ristretto255 pureJava() {
    return ElisabethRistretto255.INSTANCE;
  }
}
