package org.nubo.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Idle benchmark: K authenticated devices connect and stay idle; reports the connect rate and the
 * server's resident memory per connected device.
 *
 * <p>From the repository root, after {@code enroll --devices 18000}:
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.Bench idle \
 *     --devices 18000 --workers 4
 * </pre>
 *
 * <p>Before measuring, the driver connects and closes {@code --warmup} devices three times so the
 * server's JIT has compiled the upgrade path. Add {@code --tls} for TLS 1.3, {@code --target
 * JETTY}, {@code HELIDON} or {@code NETTY} for the spike servers. The devices are spread over
 * {@code --workers} client processes (a process here may open 20,000 files), worker i connecting
 * from 127.0.0.(i+2) so that no single source address runs short of ephemeral ports. Memory is
 * sampled after a full GC in the server (through {@code jcmd}) both before and after, so the
 * difference is what the connections keep, not garbage left by their handshakes; the raw figure
 * without that GC is printed too.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, description = "Idle benchmark.")
final class IdleCommand implements Callable<Integer> {
  @Mixin RigOptions rig = new RigOptions();

  @Option(names = "--devices", description = "Idle devices K (default ${DEFAULT-VALUE}).")
  int devices = 1000;

  @Option(names = "--workers", description = "Client processes (default ${DEFAULT-VALUE}).")
  int workers = 4;

  @Option(
      names = "--parallel",
      description = "Upgrades in flight per worker (default ${DEFAULT-VALUE}).")
  int parallel = 64;

  @Option(
      names = "--hold-seconds",
      description = "How long to hold the devices before sampling (default ${DEFAULT-VALUE}).")
  int holdSeconds = 10;

  @Option(
      names = "--warmup",
      description =
          "Devices connected and closed 3 times before measuring (default ${DEFAULT-VALUE}).")
  int warmup = 2000;

  private record Worker(Process process, Writer stdin, BlockingQueue<String> lines) {}

  @Override
  public Integer call() throws Exception {
    ServerRig.devices(rig, 0, devices); // fail early if not enough are enrolled
    List<Worker> started = new ArrayList<>();
    try (ServerRig server = ServerRig.start(rig)) {
      ChildProcess.sleep(Duration.ofSeconds(2));
      warmUp(server);
      int base = devices / workers;
      for (int i = 0; i < workers; i++) {
        int from = i * base;
        int count = i == workers - 1 ? devices - from : base;
        started.add(startWorker(i, from, count));
      }
      for (Worker w : started) {
        expect(w, "READY", Duration.ofSeconds(60));
      }
      server.collectGarbage();
      ChildProcess.sleep(Duration.ofSeconds(2));
      ProcessSample before = server.sample();
      long heapBefore = server.usedHeapKiB();
      Map<String, Double> threadsBefore = ProcessSample.cpuByThreadName(server.pid());

      long start = System.nanoTime();
      for (Worker w : started) {
        w.stdin().write("GO\n");
        w.stdin().flush();
      }
      long ok = 0;
      long failed = 0;
      for (Worker w : started) {
        String[] parts = expect(w, "CONNECTED", Duration.ofMinutes(10)).split(" ");
        ok += Long.parseLong(parts[1]);
        failed += Long.parseLong(parts[2]);
      }
      double connectSeconds = (System.nanoTime() - start) / 1e9;
      double connectCpu = server.sample().cpuSeconds() - before.cpuSeconds();
      String connectThreads =
          ProcessSample.describeDelta(threadsBefore, ProcessSample.cpuByThreadName(server.pid()));
      ChildProcess.sleep(Duration.ofSeconds(holdSeconds));
      ProcessSample raw = server.sample();
      server.collectGarbage();
      ChildProcess.sleep(Duration.ofSeconds(2));
      ProcessSample after = server.sample();
      long heapAfter = server.usedHeapKiB();

      System.out.printf(
          "idle target=%s tls=%s devices=%d workers=%d%n", rig.target, rig.tls, devices, workers);
      System.out.printf(
          "  connected %d (failed %d) in %.2f s = %.0f connects/s%n",
          ok, failed, connectSeconds, ok / connectSeconds);
      System.out.printf(
          "  server CPU while connecting %.2f s = %.0f us per connect%n",
          connectCpu, ok == 0 ? 0 : connectCpu * 1e6 / ok);
      System.out.println("    by thread: " + connectThreads);
      System.out.printf(
          "  server RSS before %d MiB, with devices %d MiB (after GC) / %d MiB (raw), peak %d MiB%n",
          before.rssKiB() / 1024,
          after.rssKiB() / 1024,
          raw.rssKiB() / 1024,
          after.peakRssKiB() / 1024);
      System.out.printf(
          "  per device        %.1f KiB (after GC), %.1f KiB (raw)%n",
          ok == 0 ? 0 : (after.rssKiB() - before.rssKiB()) / (double) ok,
          ok == 0 ? 0 : (raw.rssKiB() - before.rssKiB()) / (double) ok);
      System.out.printf(
          "  live heap         %d -> %d MiB after GC = %.1f KiB per device%n",
          heapBefore / 1024,
          heapAfter / 1024,
          ok == 0 || heapBefore < 0 || heapAfter < 0 ? 0 : (heapAfter - heapBefore) / (double) ok);
      for (Worker w : started) {
        w.stdin().write("STOP\n");
        w.stdin().flush();
      }
      for (Worker w : started) {
        String stopping = expect(w, "STOPPING", Duration.ofSeconds(60));
        System.out.println("  worker " + stopping.toLowerCase(java.util.Locale.ROOT));
      }
    } finally {
      for (Worker w : started) {
        w.process().destroy();
        if (!w.process().waitFor(30, TimeUnit.SECONDS)) {
          w.process().destroyForcibly();
        }
      }
    }
    return 0;
  }

  /**
   * Connects and closes {@code --warmup} devices a few times from this process, so the server's
   * upgrade path is compiled before the measured connects and the JIT's work is not billed to them.
   */
  private void warmUp(ServerRig server) throws Exception {
    List<Device> some = ServerRig.devices(rig, 0, Math.min(warmup, devices));
    try (Connector connector = new Connector(rig.tls, null, 2)) {
      for (int round = 0; round < 3; round++) {
        List<DeviceLink> links = new ArrayList<>();
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (Device device : some) {
          DeviceLink link = new DeviceLink(frame -> {});
          links.add(link);
          opening.add(connector.connect(server.websocket(), device, link));
          if (opening.size() % 64 == 0) {
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
          }
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
        links.forEach(DeviceLink::close);
        ChildProcess.sleep(Duration.ofSeconds(1));
      }
    }
  }

  private Worker startWorker(int i, int from, int count) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                // Netty loads epoll and BoringSSL through JNI.
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "org.nubo.bench.Bench",
                "idle-worker",
                "--target",
                rig.target.name(),
                "--port",
                Integer.toString(rig.port),
                "--data-dir",
                rig.dataDir.toString(),
                "--from",
                Integer.toString(from),
                "--count",
                Integer.toString(count),
                "--bind",
                "127.0.0." + (i + 2),
                "--parallel",
                Integer.toString(parallel)));
    if (rig.tls) {
      command.add("--tls");
    }
    Path log = rig.dataDir.resolve("logs").resolve("idle-worker-" + i + ".log");
    ServerRig.ensureParent(log);
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("EXITED " + e.getMessage());
              }
              lines.add("EXITED");
            });
    return new Worker(
        process, new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), lines);
  }

  private static String expect(Worker w, String prefix, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      @Nullable String line =
          w.lines().poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException("a worker did not say " + prefix + " within " + timeout);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      if (line.startsWith("EXITED")) {
        throw new UncheckedIOException(
            new IOException("a worker exited before " + prefix + "; see its log"));
      }
    }
  }
}
