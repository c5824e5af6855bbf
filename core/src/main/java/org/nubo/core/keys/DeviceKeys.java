package org.nubo.core.keys;

import java.util.List;

/**
 * One upload of a device's keys: identity key and registration id (fixed once on file), the signed
 * EC prekey and the last-resort Kyber prekey (replacing those on file), and one-time EC and Kyber
 * prekeys (added to those on file).
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record DeviceKeys(
    int registrationId,
    byte[] identityKey,
    SignedPreKey signedPreKey,
    SignedPreKey lastResortKyberPreKey,
    List<PreKey> preKeys,
    List<SignedPreKey> kyberPreKeys) {
  public DeviceKeys {
    identityKey = identityKey.clone();
    preKeys = List.copyOf(preKeys);
    kyberPreKeys = List.copyOf(kyberPreKeys);
  }

  @Override
  public byte[] identityKey() {
    return identityKey.clone();
  }
}
