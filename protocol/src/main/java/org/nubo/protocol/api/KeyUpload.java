package org.nubo.protocol.api;

import java.util.List;

/**
 * {@code PUT /v1/keys}: a device's Signal keys, every key and signature in base64url. The identity
 * key and registration id must not change once on file; the signed prekey and the last-resort Kyber
 * prekey replace the ones on file; the one-time prekeys are added to those on file.
 */
public record KeyUpload(
    int registrationId,
    String identityKey,
    SignedPreKey signedPreKey,
    SignedPreKey lastResortKyberPreKey,
    List<PreKey> preKeys,
    List<SignedPreKey> kyberPreKeys) {
  public KeyUpload {
    preKeys = List.copyOf(preKeys);
    kyberPreKeys = List.copyOf(kyberPreKeys);
  }

  /** A one-time EC prekey. */
  public record PreKey(int keyId, String publicKey) {}

  /** A prekey signed by the identity key: the signed EC prekey, or a Kyber prekey. */
  public record SignedPreKey(int keyId, String publicKey, String signature) {}
}
