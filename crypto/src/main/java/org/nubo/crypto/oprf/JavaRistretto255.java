package org.nubo.crypto.oprf;

import org.nubo.crypto.ristretto.RistrettoPoint;

/** {@link Ristretto255} on {@link RistrettoPoint}: pure Java, runs anywhere (including Android). */
final class JavaRistretto255 implements Ristretto255 {
  static final JavaRistretto255 INSTANCE = new JavaRistretto255();

  private JavaRistretto255() {}

  @Override
  public byte[] multiply(byte[] element, byte[] scalar) {
    return Suite.times(
            Suite.deserializeElement(element, "a blinded element"),
            Suite.deserializeScalar(scalar, "a scalar"))
        .encode();
  }

  @Override
  public byte[] multiplyBase(byte[] scalar) {
    return Suite.generatorTimes(Suite.deserializeScalar(scalar, "a scalar")).encode();
  }

  @Override
  public byte[] add(byte[] a, byte[] b) {
    return decodeAllowingIdentity(a).add(decodeAllowingIdentity(b)).encode();
  }

  private static RistrettoPoint decodeAllowingIdentity(byte[] bytes) {
    RistrettoPoint p = RistrettoPoint.decode(bytes);
    if (p == null) {
      throw new OprfException("not a valid ristretto255 encoding");
    }
    return p;
  }
}
