package org.nubo.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.discovery.DirectoryFilters;
import org.nubo.core.discovery.Evaluations;
import org.nubo.core.limits.Limits;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.presence.RelayProbes;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.Relay;
import org.nubo.core.verification.SmsGateway;
import org.nubo.core.verification.Verifications;
import org.nubo.crypto.KeyPin;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Ristretto255;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.server.discovery.OprfEvaluator;
import org.nubo.server.discovery.OprfNumberTokens;
import org.nubo.server.discovery.SodiumRistretto255;
import org.nubo.server.http.ControlPlane;
import org.nubo.server.http.DiscoveryRoutes;
import org.nubo.server.http.HttpFront;
import org.nubo.server.http.Router;
import org.nubo.server.metrics.AdminFront;
import org.nubo.server.metrics.ServerMetrics;
import org.nubo.server.net.NettyFront;
import org.nubo.server.tls.ServerIdentity;
import org.nubo.server.ws.DataPlane;
import org.nubo.server.ws.SealedUpgrades;
import org.nubo.server.ws.Upgrades;
import org.nubo.sms.smpp.SmppGatewayConfig;
import org.nubo.sms.smpp.SmppSmsGateway;
import org.nubo.store.embedded.SqliteAccountStore;
import org.nubo.store.embedded.SqliteDatabase;
import org.nubo.store.embedded.SqliteDirectoryLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wiring class: builds a whole server from its {@link ServerConfig}, with no container,
 * locator or static state. Clock, randomness and the SMS gateway can be replaced for tests and
 * tools; everything else is real.
 */
public final class NuboServer implements AutoCloseable {
  public static final String VERSION = "0.1.0";

  /** Where devices open their data-plane WebSocket. */
  public static final String WEBSOCKET_PATH = Upgrades.PATH;

  private static final Logger LOG = LoggerFactory.getLogger(NuboServer.class);

  /** Threads that share the work of one evaluation batch: one per core. */
  private static final int OPRF_THREADS = Runtime.getRuntime().availableProcessors();

  private final NettyFront front;
  private final @Nullable KeyPin pin;
  private final SqliteDatabase database;
  private final ScheduledThreadPoolExecutor timer;
  private final ExecutorService oprfPool;
  private final AutoCloseable smsGateway;
  private final Connections connections;
  private final Relay relay;
  private final ServerConfig config;
  private final List<String> routes;
  private final String sealedSenderRoot;

  private NuboServer(
      NettyFront front,
      @Nullable KeyPin pin,
      SqliteDatabase database,
      ScheduledThreadPoolExecutor timer,
      ExecutorService oprfPool,
      AutoCloseable smsGateway,
      Connections connections,
      Relay relay,
      ServerConfig config,
      List<String> routes,
      String sealedSenderRoot) {
    this.front = front;
    this.pin = pin;
    this.database = database;
    this.timer = timer;
    this.oprfPool = oprfPool;
    this.smsGateway = smsGateway;
    this.connections = connections;
    this.relay = relay;
    this.config = config;
    this.routes = List.copyOf(routes);
    this.sealedSenderRoot = sealedSenderRoot;
  }

  /** Starts a server with the SMPP gateway the config describes. */
  public static NuboServer start(ServerConfig config) {
    SmppSmsGateway gateway =
        new SmppSmsGateway(
            SmppGatewayConfig.of(
                config.smpp().host(),
                config.smpp().port(),
                config.smpp().systemId(),
                config.smpp().password(),
                config.smpp().sourceAddress()));
    return start(config, gateway, gateway, Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Starts a server with an explicit SMS gateway, clock and randomness.
   *
   * @param gatewayResource closed with the server (the gateway itself, or a no-op)
   */
  public static NuboServer start(
      ServerConfig config,
      SmsGateway gateway,
      AutoCloseable gatewayResource,
      Clock clock,
      SecureRandom random) {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("nubo-timer").daemon().factory());
    timer.setRemoveOnCancelPolicy(true);
    SqliteDatabase database =
        SqliteDatabase.open(config.dataDir().resolve("db").resolve("nubo.db"));
    try {
      return wire(config, gateway, gatewayResource, clock, random, timer, database);
    } catch (RuntimeException e) {
      timer.shutdownNow();
      database.close();
      throw e;
    }
  }

  private static NuboServer wire(
      ServerConfig config,
      SmsGateway gateway,
      AutoCloseable gatewayResource,
      Clock clock,
      SecureRandom random,
      ScheduledThreadPoolExecutor timer,
      SqliteDatabase database) {
    Limits limits = config.limits();
    ServerMetrics metrics = new ServerMetrics();
    SqliteAccountStore store = new SqliteAccountStore(database);
    // The OPRF key's seed (RFC 9497 DeriveKeyPair), apart from the database: docs/crypto/oprf.md.
    OprfServerKey oprfKey = ServerKeys.oprfKey(config.dataDir().resolve("keys"), random);
    OprfNumberTokens tokens = new OprfNumberTokens(oprfKey);
    ExecutorService oprfPool =
        Executors.newFixedThreadPool(
            OPRF_THREADS, Thread.ofPlatform().name("nubo-oprf-", 0).daemon().factory());

    RateLimiter perNumber = new RateLimiter(limits.verificationPerNumber(), clock);
    RateLimiter perIp = new RateLimiter(limits.verificationPerIp(), clock);
    RateLimiter registrationPerIp = new RateLimiter(limits.registrationPerIp(), clock);
    RateLimiter evaluationsPerAccount = new RateLimiter(limits.evaluationsPerAccount(), clock);
    RateLimiter evaluationsPerIp = new RateLimiter(limits.evaluationsPerIp(), clock);
    RateLimiter filterDownloads = new RateLimiter(limits.filterPerAccount(), clock);
    RateLimiter messages = new RateLimiter(limits.messagesPerDevice(), clock);
    RateLimiter probes = new RateLimiter(limits.probesPerDevice(), clock);
    RateLimiter badFrames = new RateLimiter(limits.badFramesPerConnection(), clock);

    Verifications verifications =
        new Verifications(gateway, tokens, perNumber, perIp, clock, random);
    Accounts accounts = new Accounts(store, clock);
    Connections connections = new Connections(metrics);
    accounts.addListener(connections);
    Relay relay =
        new Relay(
            connections,
            store::messagingEnabled,
            timer,
            System::nanoTime,
            config.deliveryWindow(),
            messages,
            metrics,
            random.nextLong() & Long.MAX_VALUE);
    RelayProbes presence =
        new RelayProbes(
            connections, timer, config.probeWindow(), probes, random.nextLong() & Long.MAX_VALUE);
    Keys keys = Keys.wire(config, clock, database, accounts, connections, relay, presence, limits);
    Evaluations evaluations =
        new Evaluations(
            new OprfEvaluator(oprfKey, group(config.oprfBackend()), oprfPool, OPRF_THREADS, random),
            evaluationsPerAccount,
            evaluationsPerIp);
    DirectoryFilters filters =
        new DirectoryFilters(
            new SqliteDirectoryLog(database),
            filterDownloads,
            clock,
            DirectoryFilters.Policy.defaults());
    long buildStart = System.nanoTime();
    int filterBytes = filters.rebuild();
    LOG.info(
        "directory filter built accounts={} bytes={} ms={}",
        filters.snapshotSize(),
        filterBytes,
        (System.nanoTime() - buildStart) / 1_000_000);

    ObjectMapper json =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    ServerInfo info =
        new ServerInfo(
            VERSION,
            config.deliveryWindow().toMillis(),
            config.probeWindow().toMillis(),
            WireLimits.MAX_PAYLOAD_BYTES,
            keys.rootPublicKey(),
            ServerKeys.publicText(oprfKey));
    ControlPlane controlPlane =
        new ControlPlane(json, verifications, accounts, registrationPerIp, info);
    Router router =
        keys.routes(json)
            .routing(
                new DiscoveryRoutes(json, evaluations, filters, controlPlane::authenticate)
                    .routing(controlPlane.routing(new Router())));
    byte[] addressKey = new byte[32];
    random.nextBytes(addressKey);
    java.util.function.Function<String, String> clientKeys =
        address -> keyedHash(addressKey, address);
    HttpFront httpFront = new HttpFront(router, json, clientKeys);
    DataPlane dataPlane =
        new DataPlane(connections, relay, presence, badFrames, accounts::isEnrolled);

    KeyPin pin = null;
    SslContext tls = null;
    if (config.plaintextForDevelopment()) {
      LOG.warn("serving plain HTTP: for development only, never on a network");
    } else {
      ServerIdentity identity =
          ServerIdentity.loadOrCreate(config.dataDir().resolve("tls"), random);
      pin = identity.pin();
      tls = tlsContext(identity);
    }
    Upgrades deviceUpgrades = new Upgrades(accounts, dataPlane);
    SealedUpgrades sealedUpgrades = keys.upgrades(badFrames);
    AdminFront adminFront = new AdminFront(metrics);

    ScheduledFuture<?> unused =
        timer.scheduleAtFixedRate(
            () -> {
              // A failure must not end the schedule: the next minute tries again.
              try {
                verifications.sweep();
                List.of(
                        perNumber,
                        perIp,
                        registrationPerIp,
                        evaluationsPerAccount,
                        evaluationsPerIp,
                        filterDownloads,
                        messages,
                        probes,
                        badFrames)
                    .forEach(RateLimiter::sweep);
                keys.limiters().forEach(RateLimiter::sweep);
                // Off the timer thread: a rebuild at 10M accounts takes seconds.
                Thread.ofVirtual().name("nubo-directory").start(filters::maintain);
              } catch (RuntimeException e) {
                LOG.error("periodic sweep failed", e);
              }
            },
            1,
            1,
            TimeUnit.MINUTES);
    NettyFront front;
    try {
      front =
          NettyFront.start(
              new InetSocketAddress(config.host(), config.port()),
              new InetSocketAddress(config.adminHost(), config.adminPort()),
              tls,
              httpFront,
              deviceUpgrades,
              sealedUpgrades,
              adminFront,
              new NettyFront.Timing(config.requestDeadline(), config.stopGrace()));
    } catch (IllegalStateException e) {
      throw new IllegalStateException("the server could not start: " + e.getMessage(), e);
    }
    NuboServer server =
        new NuboServer(
            front,
            pin,
            database,
            timer,
            oprfPool,
            gatewayResource,
            connections,
            relay,
            config,
            router.routes().stream().map(r -> r.method() + " " + r.template()).toList(),
            keys.rootPublicKey());
    LOG.info(
        "nubo server started version={} port={} admin_port={} tls={} delivery_window_ms={}",
        VERSION,
        front.port(),
        front.adminPort(),
        pin != null,
        config.deliveryWindow().toMillis());
    LOG.info("sealed sender root (devices pin it) {}", keys.rootPublicKey());
    return server;
  }

  /** The port devices connect to (useful when the config asked for 0). */
  public int port() {
    return front.port();
  }

  public int adminPort() {
    return front.adminPort();
  }

  /** The base URL devices use, on loopback. */
  public String url() {
    return (pin == null ? "http" : "https") + "://127.0.0.1:" + port();
  }

  /** The key pin devices must check; empty in plain-HTTP development mode. */
  public Optional<KeyPin> pin() {
    return Optional.ofNullable(pin);
  }

  /**
   * The sealed-sender trust root devices pin (base64url of the 33-byte public key), as printed at
   * start and published in {@code GET /v1/config}.
   */
  public String sealedSenderRoot() {
    return sealedSenderRoot;
  }

  public ServerConfig config() {
    return config;
  }

  /** Connected devices on this node. */
  public int connectedDevices() {
    return connections.count();
  }

  /** Relay offers held in memory (ids only after their decision). */
  public int offersInMemory() {
    return relay.offersInMemory();
  }

  /** Every route devices can call, as "METHOD /template" (for the OpenAPI check). */
  public List<String> routes() {
    return routes;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    front.join();
  }

  @Override
  public void close() {
    try {
      front.close();
    } catch (RuntimeException e) {
      LOG.warn("the listeners did not stop cleanly", e);
    }
    timer.shutdownNow();
    oprfPool.shutdownNow();
    try {
      smsGateway.close();
    } catch (Exception e) {
      LOG.warn("the SMS gateway did not close cleanly", e);
    }
    database.close();
    LOG.info("nubo server stopped");
  }

  private static Ristretto255 group(ServerConfig.OprfBackend backend) {
    if (backend == ServerConfig.OprfBackend.JAVA) {
      return Ristretto255.pureJava();
    }
    try {
      SodiumRistretto255 sodium = SodiumRistretto255.load();
      LOG.info("OPRF evaluations use libsodium ({})", sodium.source());
      return sodium;
    } catch (IllegalStateException e) {
      LOG.warn(
          "libsodium is unavailable ({}); OPRF evaluations use pure Java (slower)", e.getMessage());
      return Ristretto255.pureJava();
    }
  }

  /**
   * TLS 1.3 only, with the server's own key (devices pin it, and may connect by IP address, so no
   * host name is checked). On BoringSSL where Netty's static build loads (a handshake costs a
   * fraction of the JDK's, and an idle connection's TLS state lives outside the Java heap), else on
   * the JDK's TLS.
   */
  private static SslContext tlsContext(ServerIdentity identity) {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(identity.keyStore(), identity.password().toCharArray());
      boolean boring = OpenSsl.isAvailable();
      if (boring) {
        // BoringSSL otherwise re-encodes and re-parses the certificate and key from the Java key
        // manager on every handshake; cached, they are converted once.
        keys = new OpenSslCachingX509KeyManagerFactory(keys);
      }
      LOG.info(
          "tls provider={}",
          boring
              ? "boringssl " + OpenSsl.versionString()
              : "jdk (" + OpenSsl.unavailabilityCause() + ")");
      SslContext context =
          SslContextBuilder.forServer(keys)
              .sslProvider(boring ? SslProvider.OPENSSL : SslProvider.JDK)
              .protocols("TLSv1.3")
              .build();
      // TLS 1.3 resumes with stateless tickets; a server-side cache would only hold a session per
      // recent connection (up to 20,480 by default), native memory and all.
      if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
        sessions.setSessionCacheEnabled(false);
      }
      return context;
    } catch (GeneralSecurityException | javax.net.ssl.SSLException e) {
      throw new IllegalStateException("the TLS identity cannot be used: " + e.getMessage(), e);
    }
  }

  private static String keyedHash(byte[] key, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
