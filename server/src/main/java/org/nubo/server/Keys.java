package org.nubo.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.keys.DeliveryKeys;
import org.nubo.core.keys.KeyDirectory;
import org.nubo.core.keys.SenderCertificates;
import org.nubo.core.limits.Limits;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.presence.RelayProbes;
import org.nubo.core.presence.SealedProbes;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.Relay;
import org.nubo.core.relay.SealedRelay;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.server.http.KeyRoutes;
import org.nubo.server.ws.SealedPlane;
import org.nubo.server.ws.SealedUpgrades;
import org.nubo.store.embedded.SqliteDatabase;
import org.nubo.store.embedded.SqliteKeyStore;

/**
 * The wiring of the key directory and sealed sender, kept out of {@link NuboServer} so that class
 * changes by a few lines: the key store, libsignal behind the core's ports, the sealed-sender key
 * files, the routes and the sealed socket (sealed envelopes and sealed probes, which share the
 * delivery tokens).
 */
final class Keys {
  private final CertificateAuthority authority;
  private final Accounts accounts;
  private final KeyDirectory directory;
  private final SenderCertificates certificates;
  private final DeliveryKeys deliveryKeys;
  private final SealedRelay sealedRelay;
  private final SealedProbes sealedProbes;
  private final RateLimiter sealedConnectionsPerIp;
  private final List<RateLimiter> limiters;

  private Keys(
      CertificateAuthority authority,
      Accounts accounts,
      KeyDirectory directory,
      SenderCertificates certificates,
      DeliveryKeys deliveryKeys,
      SealedRelay sealedRelay,
      SealedProbes sealedProbes,
      RateLimiter sealedConnectionsPerIp,
      List<RateLimiter> limiters) {
    this.authority = authority;
    this.accounts = accounts;
    this.directory = directory;
    this.certificates = certificates;
    this.deliveryKeys = deliveryKeys;
    this.sealedRelay = sealedRelay;
    this.sealedProbes = sealedProbes;
    this.sealedConnectionsPerIp = sealedConnectionsPerIp;
    this.limiters = limiters;
  }

  static Keys wire(
      ServerConfig config,
      Clock clock,
      SqliteDatabase database,
      Accounts accounts,
      Connections connections,
      Relay relay,
      RelayProbes probes,
      Limits limits) {
    CertificateAuthority authority =
        SealedSenderKeys.loadOrCreate(config.dataDir().resolve("keys"));
    SignalKeys signal = new SignalKeys(authority);
    SqliteKeyStore store = new SqliteKeyStore(database);
    DeliveryKeys deliveryKeys = new DeliveryKeys(store, clock);
    RateLimiter uploads = new RateLimiter(limits.keyUploadsPerAccount(), clock);
    RateLimiter fetchesPerIp = new RateLimiter(limits.keyFetchesPerIp(), clock);
    RateLimiter fetchesPerTarget = new RateLimiter(limits.keyFetchesPerTarget(), clock);
    RateLimiter fetchesPerAccount = new RateLimiter(limits.keyFetchesPerAccount(), clock);
    RateLimiter sealedConnections = new RateLimiter(limits.sealedConnectionsPerIp(), clock);
    RateLimiter sealedMessages = new RateLimiter(limits.sealedMessagesPerIp(), clock);
    RateLimiter strangers = new RateLimiter(limits.sealedStrangersPerRecipient(), clock);
    RateLimiter probesPerIp = new RateLimiter(limits.sealedProbesPerIp(), clock);
    RateLimiter probesPerTarget = new RateLimiter(limits.sealedProbesPerTarget(), clock);
    RateLimiter probeStrangers = new RateLimiter(limits.sealedProbeStrangersPerTarget(), clock);
    KeyDirectory directory =
        new KeyDirectory(
            store,
            signal,
            deliveryKeys,
            connections,
            clock,
            uploads,
            fetchesPerIp,
            fetchesPerTarget,
            fetchesPerAccount);
    // A turned-off account's keys are gone from the store: its remembered values go at once too.
    accounts.addListener(deliveryKeys);
    accounts.addListener(directory);
    return new Keys(
        authority,
        accounts,
        directory,
        new SenderCertificates(store, signal, clock),
        deliveryKeys,
        new SealedRelay(relay, deliveryKeys, sealedMessages, strangers, directory::isCurrent),
        new SealedProbes(probes, deliveryKeys, probesPerIp, probesPerTarget, probeStrangers),
        sealedConnections,
        List.of(
            uploads,
            fetchesPerIp,
            fetchesPerTarget,
            fetchesPerAccount,
            sealedConnections,
            sealedMessages,
            strangers,
            probesPerIp,
            probesPerTarget,
            probeStrangers));
  }

  /** The sealed-sender trust root's public key, base64url: what devices pin. */
  String rootPublicKey() {
    return ServerKeys.rootText(authority);
  }

  KeyRoutes routes(ObjectMapper json) {
    return new KeyRoutes(json, accounts, directory, certificates, deliveryKeys);
  }

  SealedUpgrades upgrades(RateLimiter badFrames) {
    return new SealedUpgrades(
        new SealedPlane(sealedRelay, sealedProbes, badFrames), sealedConnectionsPerIp);
  }

  /** Buckets to sweep now and then. */
  List<RateLimiter> limiters() {
    return limiters;
  }
}
