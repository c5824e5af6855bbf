package org.nubo.core.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.nubo.core.Conflict;
import org.nubo.core.accounts.DevicePrincipal;

/**
 * Issues sealed-sender certificates: the caller's account token, device and uploaded identity key,
 * signed under the server's signer key, valid for {@link #LIFETIME}. The SDK refreshes when less
 * than half is left.
 */
public final class SenderCertificates {
  public static final Duration LIFETIME = Duration.ofHours(24);

  /** A certificate and its expiry. */
  @SuppressWarnings("ArrayRecordComponent") // handed straight to the transport, never kept
  public record Issued(byte[] certificate, Instant expiresAt) {}

  private final KeyStore store;
  private final CertificateIssuer issuer;
  private final Clock clock;

  public SenderCertificates(KeyStore store, CertificateIssuer issuer, Clock clock) {
    this.store = store;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * @throws Conflict ({@code no_identity_key}) until the device has uploaded its keys
   */
  public Issued issue(DevicePrincipal caller) {
    byte[] identityKey =
        store
            .identityKey(caller.deviceId())
            .orElseThrow(
                () ->
                    new Conflict(
                        "no_identity_key",
                        "upload this device's keys (PUT /v1/keys) before asking for a sender"
                            + " certificate"));
    Instant expiresAt = clock.instant().plus(LIFETIME).truncatedTo(ChronoUnit.MILLIS);
    return new Issued(
        issuer.issue(caller.account(), KeyDirectory.DEVICE_NUMBER, identityKey, expiresAt),
        expiresAt);
  }
}
