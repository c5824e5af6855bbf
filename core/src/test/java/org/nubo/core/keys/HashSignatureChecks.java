package org.nubo.core.keys;

import java.util.Arrays;
import org.nubo.core.InvalidRequest;

/**
 * A stand-in for libsignal in the core's tests (the core must not depend on it): a key is valid if
 * it is not all zeros, and a "signature" is the first 64 bytes of SHA-256(identity || key) twice.
 * The server's tests use the real checks.
 */
final class HashSignatureChecks implements KeyChecks {
  static byte[] sign(byte[] identity, byte[] key) {
    byte[] both = Arrays.copyOf(identity, identity.length + key.length);
    System.arraycopy(key, 0, both, identity.length, key.length);
    byte[] hash = DeliveryKeys.sha256(both);
    byte[] signature = Arrays.copyOf(hash, 64);
    System.arraycopy(hash, 0, signature, 32, 32);
    return signature;
  }

  @Override
  public void identityKey(byte[] identityKey) {
    key(identityKey, "identityKey");
  }

  @Override
  public void signedPreKey(byte[] identityKey, SignedPreKey key) {
    signed(identityKey, key, "signedPreKey");
  }

  @Override
  public void kyberPreKey(byte[] identityKey, SignedPreKey key) {
    signed(identityKey, key, "kyberPreKey");
  }

  @Override
  public void oneTimePreKey(PreKey key) {
    key(key.publicKey(), "preKey");
  }

  private static void signed(byte[] identity, SignedPreKey key, String name) {
    key(key.publicKey(), name);
    if (!Arrays.equals(sign(identity, key.publicKey()), key.signature())) {
      throw new InvalidRequest("bad_signature", name + " " + key.keyId() + " has a bad signature");
    }
  }

  private static void key(byte[] key, String name) {
    boolean zeros = true;
    for (byte b : key) {
      zeros &= b == 0;
    }
    if (key.length == 0 || zeros) {
      throw new InvalidRequest("bad_key", name + " is not a valid public key");
    }
  }
}
