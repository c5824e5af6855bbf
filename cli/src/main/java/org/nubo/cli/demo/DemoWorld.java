package org.nubo.cli.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.nubo.carrier.CarrierConfig;
import org.nubo.carrier.CarrierSimulator;
import org.nubo.carrier.GatewayAccount;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;

/**
 * A whole small world on loopback: the carrier simulator, a real Nubo server with embedded storage
 * and TLS, and simulated phones. The demo, the tour and the system tests all stand on it.
 */
public final class DemoWorld implements AutoCloseable {
  private static final String GATEWAY_ID = "nubo";
  private static final String GATEWAY_PASSWORD = "nubodemo";

  private final Path dataDir;
  private final Duration deliveryWindow;

  /** Null: the server's default. */
  private final @Nullable Duration probeWindow;

  private final CarrierSimulator carrier;
  private final List<SimulatedPhone> phones = new ArrayList<>();
  private @Nullable NuboServer server;
  private int serverPort;

  /** A phone to create: who it belongs to and its number. */
  public record PhoneSpec(String name, String number) {}

  private DemoWorld(
      Path dataDir,
      Duration deliveryWindow,
      @Nullable Duration probeWindow,
      CarrierSimulator carrier) {
    this.dataDir = dataDir;
    this.deliveryWindow = deliveryWindow;
    this.probeWindow = probeWindow;
    this.carrier = carrier;
  }

  /**
   * Starts the carrier and the server, with the server's own probe window; add phones with {@link
   * #addPhone}.
   */
  public static DemoWorld start(Path dataDir, Duration deliveryWindow) {
    return launch(dataDir, deliveryWindow, null);
  }

  /**
   * As {@link #start(Path, Duration)}, with a probe window of its own (a test on a slow machine
   * gives phones longer to answer than the product's default).
   */
  public static DemoWorld start(Path dataDir, Duration deliveryWindow, Duration probeWindow) {
    return launch(dataDir, deliveryWindow, probeWindow);
  }

  private static DemoWorld launch(
      Path dataDir, Duration deliveryWindow, @Nullable Duration probeWindow) {
    CarrierSimulator carrier =
        new CarrierSimulator(
                CarrierConfig.loopback(0)
                    .withGateway(new GatewayAccount(GATEWAY_ID, GATEWAY_PASSWORD, "Nubo")))
            .start();
    DemoWorld world = new DemoWorld(dataDir, deliveryWindow, probeWindow, carrier);
    try {
      world.startServer();
    } catch (RuntimeException e) {
      carrier.close();
      throw e;
    }
    return world;
  }

  /** Starts (or restarts, on the same port and data) the Nubo server. */
  public NuboServer startServer() {
    if (server != null) {
      throw new IllegalStateException("the server is already running");
    }
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "NUBO_SERVER_HOST", "127.0.0.1",
                "NUBO_SERVER_PORT", Integer.toString(serverPort),
                "NUBO_SERVER_DATA_DIR", dataDir.resolve("server").toString(),
                "NUBO_ADMIN_PORT", "0",
                "NUBO_RELAY_DELIVERY_WINDOW_MS", Long.toString(deliveryWindow.toMillis()),
                "NUBO_SMPP_HOST", carrier.host(),
                "NUBO_SMPP_PORT", Integer.toString(carrier.port()),
                "NUBO_SMPP_SYSTEM_ID", GATEWAY_ID,
                "NUBO_SMPP_PASSWORD", GATEWAY_PASSWORD));
    if (probeWindow != null) {
      settings.put("NUBO_PRESENCE_PROBE_WINDOW_MS", Long.toString(probeWindow.toMillis()));
    }
    ServerConfig config = ServerConfig.load(null, settings);
    NuboServer started = NuboServer.start(config);
    serverPort = started.port();
    server = started;
    return started;
  }

  /** Stops the server abruptly, as a crash would: nothing in memory survives. */
  public void killServer() {
    NuboServer running = server;
    if (running != null) {
      running.close();
      server = null;
    }
  }

  /** Creates a phone with its own store, SIM and network link. Messaging starts off. */
  public SimulatedPhone addPhone(PhoneSpec spec) {
    NuboServer running = server();
    try {
      SimulatedPhone phone =
          new SimulatedPhone(
              spec.name(),
              spec.number(),
              new SimulatedPhone.Wiring(
                  running.port(),
                  running.pin(),
                  running.sealedSenderRoot(),
                  carrier.host(),
                  carrier.port(),
                  dataDir.resolve("phones")));
      phones.add(phone);
      return phone;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Wipes a phone and installs Nubo afresh on it, as a user who resets or replaces a phone does:
   * same number, a new store (new identity, new keys), messaging off until it is turned on again.
   */
  public SimulatedPhone reinstall(SimulatedPhone phone) {
    phone.close();
    phones.remove(phone);
    deleteTree(SimulatedPhone.storeDir(dataDir.resolve("phones"), phone.number()));
    return addPhone(new PhoneSpec(phone.name(), phone.number()));
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public NuboServer server() {
    NuboServer running = server;
    if (running == null) {
      throw new IllegalStateException("the server is not running");
    }
    return running;
  }

  public boolean serverRunning() {
    return server != null;
  }

  public CarrierSimulator carrier() {
    return carrier;
  }

  public List<SimulatedPhone> phones() {
    return List.copyOf(phones);
  }

  public Duration deliveryWindow() {
    return deliveryWindow;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    for (SimulatedPhone phone : phones) {
      phone.close();
    }
    killServer();
    carrier.close();
  }
}
