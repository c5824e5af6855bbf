package org.nubo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * The server under test as a separate process (plus, for the real server, the carrier simulator it
 * sends verification codes through), so that its CPU and memory are its own and not mixed with the
 * load generator's.
 *
 * <p>The real server runs with its abuse limits raised far above what a benchmark sends: at the
 * defaults (200 messages per device, one more every 20 ms; 60 registrations per address per minute)
 * the limits, not the server, would set the figures.
 */
final class ServerRig implements AutoCloseable {
  /** Limits raised for benchmark runs; docs/BENCHMARKS.md lists them. */
  static final Map<String, String> RAISED_LIMITS =
      Map.of(
          "NUBO_LIMITS_VERIFICATION_PER_IP_CAPACITY", "1000000",
          "NUBO_LIMITS_REGISTRATION_PER_IP_CAPACITY", "1000000",
          "NUBO_LIMITS_MESSAGES_PER_DEVICE_CAPACITY", "1000000",
          "NUBO_LIMITS_MESSAGES_PER_DEVICE_REFILL_MS", "1",
          // Sealed runs send without delivery tokens, all from loopback.
          "NUBO_LIMITS_SEALED_CONNECTIONS_PER_IP_CAPACITY", "1000000",
          "NUBO_LIMITS_SEALED_MESSAGES_PER_IP_CAPACITY", "1000000",
          "NUBO_LIMITS_SEALED_MESSAGES_PER_IP_REFILL_MS", "1",
          "NUBO_LIMITS_SEALED_STRANGERS_PER_RECIPIENT_CAPACITY", "1000000",
          "NUBO_LIMITS_SEALED_STRANGERS_PER_RECIPIENT_REFILL_MS", "1");

  private final RigOptions options;
  private final @Nullable ChildProcess carrier;
  private final ChildProcess server;

  private ServerRig(RigOptions options, @Nullable ChildProcess carrier, ChildProcess server) {
    this.options = options;
    this.carrier = carrier;
    this.server = server;
  }

  /** Starts the target and waits until it accepts connections. */
  static ServerRig start(RigOptions options) {
    if (options.tls && options.target != Target.NUBO && options.target != Target.NETTY) {
      throw new IllegalArgumentException("--tls is for the real server and the Netty spike only");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path logs = options.dataDir.resolve("logs");
    List<String> jvm = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    if (!options.serverJvmOpts.isBlank()) {
      jvm.addAll(List.of(options.serverJvmOpts.trim().split("\\s+")));
    }
    ChildProcess carrier = null;
    ChildProcess server;
    if (options.target == Target.NUBO) {
      carrier =
          ChildProcess.start(
              "carrier",
              List.of(
                  java,
                  "-cp",
                  options.nuboClasspath,
                  "org.nubo.cli.Main",
                  "carrier",
                  "--port",
                  Integer.toString(options.carrierPort)),
              Map.of(),
              logs.resolve("carrier.log"));
      try {
        carrier.awaitPort(options.carrierPort, Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        carrier.close();
        throw e;
      }
      Map<String, String> env = new HashMap<>(RAISED_LIMITS);
      env.put("NUBO_SERVER_HOST", "127.0.0.1");
      env.put("NUBO_SERVER_PORT", Integer.toString(options.port));
      env.put("NUBO_ADMIN_PORT", Integer.toString(options.adminPort));
      env.put("NUBO_SERVER_DATA_DIR", options.dataDir.resolve("server").toString());
      env.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", Boolean.toString(!options.tls));
      env.put("NUBO_SMPP_PORT", Integer.toString(options.carrierPort));
      List<String> command = new ArrayList<>(jvm);
      command.addAll(List.of("-cp", options.nuboClasspath, "org.nubo.cli.Main", "server"));
      server = ChildProcess.start("nubo server", command, env, logs.resolve("server.log"));
    } else {
      String main =
          switch (options.target) {
            case JETTY -> "org.nubo.bench.spike.JettySpikeServer";
            case HELIDON -> "org.nubo.bench.spike.HelidonSpikeServer";
            case NETTY -> "org.nubo.bench.spike.NettySpikeServer";
            case NUBO -> throw new AssertionError("handled above");
          };
      List<String> command = new ArrayList<>(jvm);
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), main, Integer.toString(options.port)));
      if (options.tls) {
        command.add("--tls");
      }
      server =
          ChildProcess.start(
              options.target + " spike server",
              command,
              Map.of(),
              logs.resolve(options.target.name().toLowerCase(Locale.ROOT) + ".log"));
    }
    try {
      server.awaitPort(options.port, Duration.ofSeconds(60));
    } catch (RuntimeException e) {
      server.close();
      if (carrier != null) {
        carrier.close();
      }
      throw e;
    }
    return new ServerRig(options, carrier, server);
  }

  /** The data-plane address. */
  URI websocket() {
    return URI.create(
        (options.tls ? "wss" : "ws") + "://127.0.0.1:" + options.port + "/v1/websocket");
  }

  /** The control-plane base address (plain HTTP: enrolment runs without TLS). */
  URI http() {
    return URI.create("http://127.0.0.1:" + options.port);
  }

  long pid() {
    return server.pid();
  }

  ProcessSample sample() {
    return server.sample();
  }

  /**
   * Asks the server JVM for a full collection, so that a memory sample is not inflated by garbage
   * that simply has not been collected yet (G1 also returns some free heap after it).
   */
  void collectGarbage() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process gc =
          new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.run")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!gc.waitFor(60, TimeUnit.SECONDS)) {
        gc.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The server's used Java heap in KiB as {@code jcmd GC.heap_info} reports it (call after {@link
   * #collectGarbage}: then it is the live heap), or -1 if it cannot be read. Unlike RSS it does not
   * depend on how much free heap the collector keeps committed.
   */
  long usedHeapKiB() {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process info =
          new ProcessBuilder(jcmd.toString(), Long.toString(server.pid()), "GC.heap_info")
              .redirectErrorStream(true)
              .start();
      String out = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      info.waitFor(60, TimeUnit.SECONDS);
      Matcher used = Pattern.compile("used (\\d+)K").matcher(out);
      return used.find() ? Long.parseLong(used.group(1)) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jcmd", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The first {@code count} devices: enrolled ones for the real server, synthetic otherwise. */
  static List<Device> devices(RigOptions options, int from, int count) {
    if (options.target != Target.NUBO) {
      return IntStream.range(from, from + count).mapToObj(Device::synthetic).toList();
    }
    List<Device> all = Enrollment.read(options.devicesFile());
    if (all.size() < from + count) {
      throw new IllegalStateException(
          "only "
              + all.size()
              + " devices are enrolled in "
              + options.devicesFile()
              + "; run `enroll --devices "
              + (from + count)
              + "` first");
    }
    return List.copyOf(all.subList(from, from + count));
  }

  @Override
  public void close() {
    server.close();
    if (carrier != null) {
      carrier.close();
    }
  }

  /** Creates the folder {@code file} goes in. */
  static void ensureParent(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
