package org.nubo.server.discovery;

import com.goterl.lazysodium.SodiumJava;
import java.util.Arrays;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * {@link Ristretto255} on libsodium (the copy lazysodium-java bundles, loaded through JNA): about
 * four times faster per multiplication than pure Java here (docs/decisions/0005). Server only:
 * lazysodium-java is Java 21 bytecode with native code.
 */
public final class SodiumRistretto255 implements Ristretto255 {
  private static final int BYTES = 32;

  private final SodiumJava sodium;

  private SodiumRistretto255(SodiumJava sodium) {
    this.sodium = sodium;
  }

  /**
   * Loads libsodium.
   *
   * @throws IllegalStateException if the native library cannot be loaded on this platform
   */
  public static SodiumRistretto255 load() {
    try {
      return new SodiumRistretto255(new SodiumJava());
    } catch (LinkageError | RuntimeException e) {
      throw new IllegalStateException("libsodium could not be loaded: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] multiply(byte[] element, byte[] scalar) {
    if (element.length != BYTES || scalar.length != BYTES) {
      throw new OprfException("an element and a scalar are 32 bytes each");
    }
    if (isIdentity(element) || sodium.crypto_core_ristretto255_is_valid_point(element) != 1) {
      throw new OprfException(
          "not a canonical ristretto255 encoding of an element other than the identity");
    }
    byte[] out = new byte[BYTES];
    // libsodium answers -1 when the product is the identity; out then stays all zeros.
    int unused = sodium.crypto_scalarmult_ristretto255(out, scalar, element);
    return out;
  }

  @Override
  public byte[] multiplyBase(byte[] scalar) {
    byte[] out = new byte[BYTES];
    int unused = sodium.crypto_scalarmult_ristretto255_base(out, scalar);
    return out;
  }

  @Override
  public byte[] add(byte[] a, byte[] b) {
    byte[] out = new byte[BYTES];
    if (sodium.crypto_core_ristretto255_add(out, a, b) != 0) {
      throw new OprfException("not a valid ristretto255 encoding");
    }
    return out;
  }

  private static boolean isIdentity(byte[] element) {
    return Arrays.equals(element, new byte[BYTES]);
  }
}
