package org.nubo.crypto.signal;

import java.util.List;

/**
 * What a device uploads to the key directory ({@code PUT /v1/keys}): its identity, the current
 * signed prekey, the last-resort Kyber prekey, and fresh one-time EC and Kyber prekeys (possibly
 * none). Every signature verifies under {@link BundleVerifier}.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record UploadBundle(
    byte[] identityKey,
    int registrationId,
    SignedPreKey signedPreKey,
    SignedPreKey lastResortKyberPreKey,
    List<OneTimePreKey> oneTimePreKeys,
    List<SignedPreKey> oneTimeKyberPreKeys) {
  public UploadBundle {
    identityKey = identityKey.clone();
    oneTimePreKeys = List.copyOf(oneTimePreKeys);
    oneTimeKyberPreKeys = List.copyOf(oneTimeKyberPreKeys);
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
