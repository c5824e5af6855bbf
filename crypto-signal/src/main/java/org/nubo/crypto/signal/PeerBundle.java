package org.nubo.crypto.signal;

import java.util.Optional;

/**
 * A contact's prekey bundle as fetched from the key directory ({@code GET /v1/keys/{token}}). The
 * Kyber prekey is mandatory (PQXDH); the one-time EC prekey is absent when the contact ran out.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record PeerBundle(
    byte[] identityKey,
    int registrationId,
    int deviceId,
    SignedPreKey signedPreKey,
    SignedPreKey kyberPreKey,
    Optional<OneTimePreKey> oneTimePreKey) {
  public PeerBundle {
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
