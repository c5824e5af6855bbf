package org.nubo.core.accounts;

import java.time.Instant;
import org.nubo.protocol.AccountToken;

/**
 * One enrolled install. {@code secretHash} is SHA-256 of the device's random secret; the secret
 * itself never reaches storage.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record Device(String deviceId, AccountToken account, byte[] secretHash, Instant createdAt) {
  public Device {
    secretHash = secretHash.clone();
  }

  @Override
  public byte[] secretHash() {
    return secretHash.clone();
  }
}
