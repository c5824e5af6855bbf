package org.nubo.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.Limits;
import org.nubo.core.relay.Relay;

/**
 * Everything an operator can set, with defaults that need no editing. Values come from built-in
 * defaults, then an optional properties file, then environment variables ({@code server.port} is
 * {@code NUBO_SERVER_PORT}); see {@code config/nubo-server.properties} for every key.
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    boolean plaintextForDevelopment,
    Duration requestDeadline,
    Duration stopGrace,
    String adminHost,
    int adminPort,
    Duration deliveryWindow,
    Duration probeWindow,
    Smpp smpp,
    Limits limits,
    OprfBackend oprfBackend) {

  /** Which ristretto255 arithmetic evaluates OPRF batches; the answers are byte-identical. */
  public enum OprfBackend {
    /** libsodium through the FFM API (falls back to JAVA if it cannot load). */
    SODIUM,
    /** Pure Java ({@code org.nubo.crypto.ristretto}), the group phones run. */
    JAVA
  }

  /** Where the SMPP gateway sends verification codes. */
  public record Smpp(
      String host, int port, String systemId, String password, String sourceAddress) {
    @Override
    public String toString() {
      return "Smpp[host=" + host + ", port=" + port + ", systemId=" + systemId + ", password=…]";
    }
  }

  public ServerConfig {
    if (requestDeadline.compareTo(Duration.ofSeconds(1)) < 0
        || requestDeadline.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new ConfigException("server.request-deadline-ms must be between 1000 and 300000");
    }
    if (stopGrace.isNegative() || stopGrace.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new ConfigException("server.stop-grace-ms must be between 0 and 60000");
    }
    if (deliveryWindow.isNegative()
        || deliveryWindow.isZero()
        || deliveryWindow.compareTo(Relay.MAX_WINDOW) > 0) {
      throw new ConfigException(
          "relay.delivery-window-ms must be between 1 and " + Relay.MAX_WINDOW.toMillis());
    }
    if (probeWindow.isNegative()
        || probeWindow.isZero()
        || probeWindow.compareTo(Relay.MAX_WINDOW) > 0) {
      throw new ConfigException(
          "presence.probe-window-ms must be between 1 and " + Relay.MAX_WINDOW.toMillis());
    }
  }

  /** The defaults: HTTPS on 8443, admin on 127.0.0.1:9464, data in ./nubo-data. */
  public static ServerConfig defaults() {
    return load(null, Map.of());
  }

  /**
   * Loads the configuration.
   *
   * @param file a properties file, or null for none
   * @param env the environment ({@code System.getenv()} in production)
   * @throws ConfigException naming the bad key and what it expects
   */
  public static ServerConfig load(@Nullable Path file, Map<String, String> env) {
    Properties props = new Properties();
    if (file != null) {
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new ConfigException("cannot read the config file " + file + ": " + e.getMessage());
      }
    }
    Source s = new Source(props, env);
    Limits d = Limits.defaults();
    return new ServerConfig(
        s.string("server.host", "0.0.0.0"),
        s.integer("server.port", 8443),
        Path.of(s.string("server.data-dir", "nubo-data")),
        s.bool("server.plaintext-for-development", false),
        Duration.ofMillis(s.integer("server.request-deadline-ms", 15_000)),
        Duration.ofMillis(s.integer("server.stop-grace-ms", 5_000)),
        s.string("admin.host", "127.0.0.1"),
        s.integer("admin.port", 9464),
        Duration.ofMillis(s.integer("relay.delivery-window-ms", 3000)),
        Duration.ofMillis(s.integer("presence.probe-window-ms", 1000)),
        new Smpp(
            s.string("smpp.host", "127.0.0.1"),
            s.integer("smpp.port", 2775),
            s.string("smpp.system-id", "nubo"),
            s.string("smpp.password", "nubodemo"),
            s.string("smpp.source-address", "Nubo")),
        new Limits(
            s.limit(d.verificationPerNumber()),
            s.limit(d.verificationPerIp()),
            s.limit(d.registrationPerIp()),
            s.limit(d.evaluationsPerAccount()),
            s.limit(d.messagesPerDevice()),
            s.limit(d.probesPerDevice()),
            s.limit(d.badFramesPerConnection()),
            s.limit(d.keyUploadsPerAccount()),
            s.limit(d.keyFetchesPerIp()),
            s.limit(d.keyFetchesPerTarget()),
            s.limit(d.keyFetchesPerAccount()),
            s.limit(d.sealedConnectionsPerIp()),
            s.limit(d.sealedMessagesPerIp()),
            s.limit(d.sealedStrangersPerRecipient()),
            s.limit(d.sealedProbesPerIp()),
            s.limit(d.sealedProbesPerTarget()),
            s.limit(d.sealedProbeStrangersPerTarget()),
            s.limit(d.evaluationsPerIp()),
            s.limit(d.filterPerAccount())),
        s.oprfBackend());
  }

  /** A copy listening on {@code port} (0 picks a free one). */
  public ServerConfig withPort(int port) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        plaintextForDevelopment,
        requestDeadline,
        stopGrace,
        adminHost,
        adminPort,
        deliveryWindow,
        probeWindow,
        smpp,
        limits,
        oprfBackend);
  }

  private record Source(Properties props, Map<String, String> env) {
    String string(String key, String fallback) {
      String envKey = "NUBO_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
      String fromEnv = env.get(envKey);
      if (fromEnv != null) {
        return fromEnv.trim();
      }
      return props.getProperty(key, fallback).trim();
    }

    int integer(String key, int fallback) {
      String value = string(key, Integer.toString(fallback));
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a whole number, not \"" + value + "\"");
      }
    }

    boolean bool(String key, boolean fallback) {
      String value = string(key, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
      return switch (value) {
        case "true", "yes", "1" -> true;
        case "false", "no", "0" -> false;
        default -> throw new ConfigException(key + " must be true or false, not \"" + value + "\"");
      };
    }

    OprfBackend oprfBackend() {
      String value = string("discovery.oprf-backend", "sodium").toUpperCase(Locale.ROOT);
      try {
        return OprfBackend.valueOf(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("discovery.oprf-backend must be sodium or java");
      }
    }

    Limit limit(Limit fallback) {
      String prefix = "limits." + fallback.name().replace('_', '-');
      int capacity = integer(prefix + ".capacity", fallback.capacity());
      int refillMs = integer(prefix + ".refill-ms", (int) fallback.refillEvery().toMillis());
      if (capacity < 1 || refillMs < 1) {
        throw new ConfigException(prefix + ".capacity and .refill-ms must be at least 1");
      }
      return new Limit(fallback.name(), capacity, Duration.ofMillis(refillMs));
    }
  }
}
