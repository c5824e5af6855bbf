package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;

/** {@link Ristretto255} on curve25519-elisabeth. */
final class ElisabethRistretto255 implements Ristretto255 {
  static final ElisabethRistretto255 INSTANCE = new ElisabethRistretto255();

  private ElisabethRistretto255() {}

  @Override
  public byte[] multiply(byte[] element, byte[] scalar) {
    return Suite.serialize(
        Suite.deserializeElement(element, "a blinded element")
            .multiply(Suite.deserializeScalar(scalar, "a scalar")));
  }

  @Override
  public byte[] multiplyBase(byte[] scalar) {
    return Suite.serialize(Suite.generatorTimes(Suite.deserializeScalar(scalar, "a scalar")));
  }

  @Override
  public byte[] add(byte[] a, byte[] b) {
    return Suite.serialize(decodeAllowingIdentity(a).add(decodeAllowingIdentity(b)));
  }

  private static RistrettoElement decodeAllowingIdentity(byte[] bytes) {
    try {
      return new CompressedRistretto(bytes.clone()).decompress();
    } catch (InvalidEncodingException | IllegalArgumentException e) {
      throw new OprfException("not a valid ristretto255 encoding", e);
    }
  }
}
