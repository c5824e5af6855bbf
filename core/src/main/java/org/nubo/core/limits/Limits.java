package org.nubo.core.limits;

import java.time.Duration;

/**
 * Every abuse limit the server applies, by name, with its default. An operator overrides them in
 * the server config ({@code limits.<name>.capacity}, {@code limits.<name>.refill-seconds}).
 *
 * <p>The per-number verification limits key buckets by a PRF of the number, and per-IP limits by a
 * keyed hash of the address, so no bucket key names anyone; buckets live in memory.
 */
public record Limits(
    Limit verificationPerNumber,
    Limit verificationPerIp,
    Limit registrationPerIp,
    Limit evaluationsPerAccount,
    Limit messagesPerDevice,
    Limit probesPerDevice,
    Limit badFramesPerConnection,
    Limit keyUploadsPerAccount,
    Limit keyFetchesPerIp,
    Limit keyFetchesPerTarget,
    Limit keyFetchesPerAccount,
    Limit sealedConnectionsPerIp,
    Limit sealedMessagesPerIp,
    Limit sealedStrangersPerRecipient,
    Limit sealedProbesPerIp,
    Limit sealedProbesPerTarget,
    Limit sealedProbeStrangersPerTarget,
    Limit evaluationsPerIp,
    Limit filterPerAccount) {

  /**
   * Defaults in the spirit of large messaging services; config/nubo-server.properties lists them.
   */
  public static Limits defaults() {
    return new Limits(
        // 10 verification sessions per number, one more every 2 hours.
        new Limit("verification_per_number", 10, Duration.ofHours(2)),
        // 60 sessions per address (carrier NAT hides many phones), one more a minute.
        new Limit("verification_per_ip", 60, Duration.ofMinutes(1)),
        new Limit("registration_per_ip", 60, Duration.ofMinutes(1)),
        // OPRF evaluations (one per contact number the phone has never evaluated): a first address
        // book of 2,000 at once, then 100 new numbers a day. Enumerating a million numbers takes
        // one account 27 years, so mass enumeration needs many verified numbers.
        new Limit("evaluations_per_account", 2_000, Duration.ofSeconds(864)),
        // 200 messages in a burst, then 50 a second.
        new Limit("messages_per_device", 200, Duration.ofMillis(20)),
        new Limit("probes_per_device", 60, Duration.ofSeconds(1)),
        // A connection that keeps sending garbage is closed.
        new Limit("bad_frames_per_connection", 20, Duration.ofSeconds(3)),
        // Uploads: the first one, top-ups and a signed-prekey rotation now and then.
        new Limit("key_uploads_per_account", 20, Duration.ofMinutes(3)),
        // Bundle fetches pop one-time prekeys, so draining someone's keys must be slow.
        new Limit("key_fetches_per_ip", 200, Duration.ofSeconds(2)),
        new Limit("key_fetches_per_target", 20, Duration.ofMinutes(1)),
        new Limit("key_fetches_per_account", 100, Duration.ofSeconds(6)),
        // The sealed socket has no account: every limit on it is per address or per recipient.
        new Limit("sealed_connections_per_ip", 60, Duration.ofSeconds(1)),
        new Limit("sealed_messages_per_ip", 1000, Duration.ofMillis(2)),
        // Sealed messages without a delivery token (first contact): 10 an hour per recipient.
        new Limit("sealed_strangers_per_recipient", 10, Duration.ofMinutes(6)),
        // Sealed probes (opening a contact; the SDK caches results for 10 s): per address, 600 in
        // a burst then 100 a second, refused with 429. The per-target buckets are silent (the
        // probe just ends unreachable) and charged only for probes that reach the target: 120 in
        // a burst then 2 a second in all, and 20 an hour from strangers (no delivery token).
        new Limit("sealed_probes_per_ip", 600, Duration.ofMillis(10)),
        new Limit("sealed_probes_per_target", 120, Duration.ofMillis(500)),
        new Limit("sealed_probe_strangers_per_target", 20, Duration.ofMinutes(3)),
        // Evaluations per address, whatever the account: a carrier NAT hides many phones, so the
        // burst is large, but one address cannot feed many fresh accounts' allowances for long.
        new Limit("evaluations_per_ip", 20_000, Duration.ofSeconds(2)),
        // Filter downloads and delta checks: 30 at once, then one every 2 minutes.
        new Limit("filter_per_account", 30, Duration.ofMinutes(2)));
  }
}
