package org.nubo.core.keys;

import java.util.Optional;

/**
 * What a sender gets to start a session: the device's identity, its signed prekey, one one-time EC
 * prekey if any was left, and a one-time Kyber prekey (or the last-resort one).
 *
 * @param deviceNumber the Signal device id (1 while an account has one device)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record Bundle(
    byte[] identityKey,
    int registrationId,
    int deviceNumber,
    SignedPreKey signedPreKey,
    Optional<PreKey> preKey,
    SignedPreKey kyberPreKey) {
  public Bundle {
    identityKey = identityKey.clone();
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
