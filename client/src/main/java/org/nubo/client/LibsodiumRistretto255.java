package org.nubo.client;

import com.goterl.lazysodium.Sodium;
import com.goterl.lazysodium.SodiumJava;
import java.util.Arrays;
import java.util.Optional;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * The OPRF's group operations on libsodium, through lazysodium's JNA binding: a constant-time
 * multiplication costs about half what the pure-Java one does, and a phone makes two per contact it
 * discovers (blind and unblind). On the JVM {@link #load()} finds lazysodium-java when it is on the
 * class path; an Android app passes lazysodium-android's {@code SodiumAndroid} to {@link
 * #of(Sodium)}. Answers are byte-identical to {@link Ristretto255#pureJava()}.
 */
public final class LibsodiumRistretto255 implements Ristretto255 {
  private static final int BYTES = 32;

  private final Sodium sodium;

  private LibsodiumRistretto255(Sodium sodium) {
    this.sodium = sodium;
  }

  /**
   * Group operations on the given libsodium binding, checked once against the pure-Java ones.
   *
   * @throws IllegalStateException if the library gives different answers (a broken build)
   */
  public static LibsodiumRistretto255 of(Sodium sodium) {
    LibsodiumRistretto255 group = new LibsodiumRistretto255(sodium);
    group.selfTest();
    return group;
  }

  /**
   * lazysodium-java's libsodium (the system's copy if there is one, else its bundled copy), or
   * empty when lazysodium is not on the class path or the library does not load here.
   */
  public static Optional<Ristretto255> load() {
    return Loaded.GROUP;
  }

  /** Loaded once per process, on first use. */
  private static final class Loaded {
    static final Optional<Ristretto255> GROUP = tryLoad();

    private static Optional<Ristretto255> tryLoad() {
      try {
        return Optional.of(of(new SodiumJava()));
      } catch (LinkageError | RuntimeException e) {
        return Optional.empty();
      }
    }
  }

  @Override
  public byte[] multiply(byte[] element, byte[] scalar) {
    checkLength(element, "an element");
    checkLength(scalar, "a scalar");
    byte[] out = new byte[BYTES];
    if (sodium.crypto_scalarmult_ristretto255(out, scalar, element) != 0) {
      // libsodium refuses an invalid encoding and a product that is the identity alike; with a
      // valid element of prime order that only happens for a zero scalar.
      if (sodium.crypto_core_ristretto255_is_valid_point(element) != 1) {
        throw new OprfException("not a valid ristretto255 encoding, or the identity");
      }
      return new byte[BYTES];
    }
    return out;
  }

  @Override
  public byte[] multiplyBase(byte[] scalar) {
    checkLength(scalar, "a scalar");
    byte[] out = new byte[BYTES];
    if (sodium.crypto_scalarmult_ristretto255_base(out, scalar) != 0) {
      return new byte[BYTES]; // a zero scalar
    }
    return out;
  }

  @Override
  public byte[] fromUniformBytes(byte[] uniform) {
    if (uniform.length != 64) {
      throw new OprfException("the one-way map takes 64 bytes, not " + uniform.length);
    }
    byte[] out = new byte[BYTES];
    if (sodium.crypto_core_ristretto255_from_hash(out, uniform) != 0) {
      throw new IllegalStateException("libsodium's one-way map failed");
    }
    return out;
  }

  @Override
  public byte[] add(byte[] a, byte[] b) {
    checkLength(a, "an element");
    checkLength(b, "an element");
    byte[] out = new byte[BYTES];
    if (sodium.crypto_core_ristretto255_add(out, a, b) != 0) {
      throw new OprfException("not a valid ristretto255 encoding");
    }
    return out;
  }

  private static void checkLength(byte[] bytes, String what) {
    if (bytes.length != BYTES) {
      throw new OprfException(what + " is " + BYTES + " bytes, not " + bytes.length);
    }
  }

  /** One multiplication and one map, compared with the pure-Java answers. */
  private void selfTest() {
    Ristretto255 java = Ristretto255.pureJava();
    byte[] uniform = new byte[64];
    Arrays.fill(uniform, (byte) 0x5a);
    byte[] scalar = new byte[BYTES];
    scalar[0] = 7;
    scalar[9] = 42;
    byte[] element = java.fromUniformBytes(uniform);
    if (!Arrays.equals(element, fromUniformBytes(uniform))
        || !Arrays.equals(java.multiply(element, scalar), multiply(element, scalar))) {
      throw new IllegalStateException("libsodium's ristretto255 disagrees with Nubo's");
    }
  }

  @Override
  public String toString() {
    return "libsodium";
  }
}
