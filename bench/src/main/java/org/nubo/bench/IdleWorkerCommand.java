package org.nubo.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Ping;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One client process of the idle benchmark, started by {@link IdleCommand}: a process may open only
 * so many files, so the devices are spread over several, each from its own loopback address.
 *
 * <p>Talks to its parent over stdin/stdout: prints {@code READY}, waits for {@code GO}, connects
 * its slice, prints {@code CONNECTED <ok> <failed> <millis>}, then keeps every connection alive
 * with a {@code Ping} every 30 s (the server closes a connection silent for 90 s) until {@code
 * STOP}, end of input, or {@code --max-seconds}; it then prints {@code STOPPING} with the links
 * still open and its own CPU time (from GO to CONNECTED, and since it started).
 */
@Command(name = "idle-worker", hidden = true, description = "One client process of `idle`.")
final class IdleWorkerCommand implements Callable<Integer> {
  @Mixin RigOptions rig = new RigOptions();

  @Option(names = "--from", required = true)
  int from;

  @Option(names = "--count", required = true)
  int count;

  @Option(names = "--bind", description = "Local address to connect from.")
  String bind = "127.0.0.1";

  @Option(names = "--parallel", description = "Upgrades in flight (default ${DEFAULT-VALUE}).")
  int parallel = 64;

  @Option(names = "--max-seconds", description = "Exit after this long regardless.")
  int maxSeconds = 900;

  @Override
  public Integer call() throws Exception {
    List<Device> devices = ServerRig.devices(rig, from, count);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    try (Connector connector = new Connector(rig.tls, InetAddress.getByName(bind), 1)) {
      System.out.println("READY");
      System.out.flush();
      if (!"GO".equals(in.readLine())) {
        return 1;
      }
      java.net.URI uri =
          java.net.URI.create(
              (rig.tls ? "wss" : "ws") + "://127.0.0.1:" + rig.port + "/v1/websocket");
      List<DeviceLink> links = Collections.synchronizedList(new ArrayList<>(devices.size()));
      // Ping from the start: a slow connect phase must not leave early connections silent for 90 s.
      Thread pinger = Thread.ofVirtual().start(() -> keepAlive(links, deadline));
      Semaphore permits = new Semaphore(parallel);
      AtomicInteger failed = new AtomicInteger();
      CountDownLatch finished = new CountDownLatch(devices.size());
      long pid = ProcessHandle.current().pid();
      double cpuAtGo = ProcessSample.of(pid).cpuSeconds();
      long start = System.nanoTime();
      for (Device device : devices) {
        permits.acquire();
        DeviceLink link = new DeviceLink(frame -> {});
        links.add(link);
        java.util.concurrent.CompletableFuture<?> unused =
            connector
                .connect(uri, device, link)
                .whenComplete(
                    (session, error) -> {
                      if (error != null) {
                        failed.incrementAndGet();
                      }
                      permits.release();
                      finished.countDown();
                    });
      }
      finished.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      double connectCpu = ProcessSample.of(pid).cpuSeconds() - cpuAtGo;
      System.out.printf(
          "CONNECTED %d %d %d%n", devices.size() - failed.get(), failed.get(), millis);
      System.out.flush();

      String line;
      do {
        line = in.readLine();
      } while (line != null && !"STOP".equals(line) && System.nanoTime() < deadline);
      pinger.interrupt();
      int open = (int) links.stream().filter(l -> !l.isClosed()).count();
      // The parent prints this line as it is: this worker's own CPU, while connecting and in all.
      System.out.printf(
          Locale.ROOT,
          "STOPPING open=%d connect_cpu=%.2fs total_cpu=%.2fs%n",
          open,
          connectCpu,
          ProcessSample.of(pid).cpuSeconds());
      System.out.flush();
    }
    return 0;
  }

  /**
   * Pings every connection once per 30 s, spread over the period; connections opened during a pass
   * are pinged in the same pass.
   */
  private void keepAlive(List<DeviceLink> links, long deadline) {
    long spacingNanos = Duration.ofSeconds(30).toNanos() / Math.max(1, count);
    long id = 1;
    while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
      long passStart = System.nanoTime();
      for (int i = 0; i < links.size(); i++) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        DeviceLink link = links.get(i);
        if (!link.isClosed()) {
          link.send(
              ClientFrame.newBuilder().setId(id++).setPing(Ping.getDefaultInstance()).build());
        }
        LockSupport.parkNanos(spacingNanos);
      }
      LockSupport.parkNanos(Duration.ofSeconds(30).toNanos() - (System.nanoTime() - passStart));
    }
  }
}
