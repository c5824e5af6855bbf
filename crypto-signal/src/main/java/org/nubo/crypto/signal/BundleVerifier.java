package org.nubo.crypto.signal;

import org.signal.libsignal.protocol.IdentityKey;

/**
 * The server's checks on uploaded keys: every key must parse in its one canonical form, and every
 * signed prekey must carry a signature by the device's identity key over the prekey's serialized
 * form. The server stores only what passes, so a fetched bundle never fails on a phone for a reason
 * the server could have seen.
 */
public final class BundleVerifier {
  private BundleVerifier() {}

  /** A serialized identity key (33 bytes). */
  public static void verifyIdentityKey(byte[] identityKey) throws SignalKeyException {
    Keys.identity(identityKey);
  }

  /** A signed Curve25519 prekey (33 bytes) and its signature (64 bytes) by {@code identityKey}. */
  public static void verifySignedPreKey(byte[] identityKey, byte[] publicKey, byte[] signature)
      throws SignalKeyException {
    IdentityKey identity = Keys.identity(identityKey);
    Keys.ecPublic(publicKey, "signed prekey");
    Keys.verify(identity, publicKey, signature, "signed prekey");
  }

  /** A Kyber-1024 prekey (1,569 bytes) and its signature (64 bytes) by {@code identityKey}. */
  public static void verifyKyberPreKey(byte[] identityKey, byte[] publicKey, byte[] signature)
      throws SignalKeyException {
    IdentityKey identity = Keys.identity(identityKey);
    Keys.kemPublic(publicKey, "Kyber prekey");
    Keys.verify(identity, publicKey, signature, "Kyber prekey");
  }

  /** A one-time Curve25519 prekey (33 bytes); these are not signed. */
  public static void verifyOneTimePreKey(byte[] publicKey) throws SignalKeyException {
    Keys.ecPublic(publicKey, "one-time prekey");
  }
}
