package org.nubo.crypto.signal;

import java.util.Arrays;
import java.util.function.Function;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMPublicKey;

/**
 * Strict parsing of serialized keys. libsignal accepts some inputs with trailing bytes, so each
 * parse also requires the key to serialize back to exactly the bytes given: one key, one encoding.
 */
final class Keys {
  /** A serialized Curve25519 public key: a type byte and 32 bytes. */
  static final int EC_PUBLIC_BYTES = 33;

  /** A serialized Curve25519 private key. */
  static final int EC_PRIVATE_BYTES = 32;

  /** A Curve25519 (XEdDSA) signature. */
  static final int SIGNATURE_BYTES = 64;

  /** Any length: the KEM key's type byte decides. */
  private static final int ANY_LENGTH = -1;

  private Keys() {}

  static IdentityKey identity(byte[] bytes) throws SignalKeyException {
    return new IdentityKey(ecPublic(bytes, "identity key"));
  }

  static ECPublicKey ecPublic(byte[] bytes, String what) throws SignalKeyException {
    return parse(bytes, EC_PUBLIC_BYTES, what, ECPublicKey::new, ECPublicKey::serialize);
  }

  static KEMPublicKey kemPublic(byte[] bytes, String what) throws SignalKeyException {
    return parse(bytes, ANY_LENGTH, what, KEMPublicKey::new, KEMPublicKey::serialize);
  }

  static ECPrivateKey ecPrivate(byte[] bytes, String what) throws SignalKeyException {
    return parse(bytes, EC_PRIVATE_BYTES, what, ECPrivateKey::new, ECPrivateKey::serialize);
  }

  /** Checks {@code signature} by {@code identity} over {@code message}. */
  static void verify(IdentityKey identity, byte[] message, byte[] signature, String what)
      throws SignalKeyException {
    if (signature.length != SIGNATURE_BYTES) {
      throw SignalKeyException.badSignature(
          what + " signature is not " + SIGNATURE_BYTES + " bytes");
    }
    boolean valid;
    try {
      valid = identity.getPublicKey().verifySignature(message, signature);
    } catch (RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw SignalKeyException.badSignature(what + " signature does not verify");
    }
  }

  private interface Parser<T> {
    T parse(byte[] bytes) throws InvalidKeyException;
  }

  private static <T> T parse(
      byte[] bytes, int length, String what, Parser<T> parser, Function<T, byte[]> serialize)
      throws SignalKeyException {
    if (length != ANY_LENGTH && bytes.length != length) {
      throw SignalKeyException.badKey(what + " is not " + length + " bytes");
    }
    T key;
    try {
      key = parser.parse(bytes);
    } catch (InvalidKeyException | RuntimeException e) {
      throw SignalKeyException.badKey(what + " does not parse", e);
    }
    if (!Arrays.equals(serialize.apply(key), bytes)) {
      throw SignalKeyException.badKey(what + " is not in its canonical form");
    }
    return key;
  }
}
