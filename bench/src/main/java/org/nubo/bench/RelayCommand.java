package org.nubo.bench;

import com.google.protobuf.ByteString;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Relay benchmark: P pairs over loopback, each recipient acknowledging every delivery, against a
 * server in its own process.
 *
 * <p>Saturation, the real server, plain HTTP (from the repository root, after {@code ./mvnw -q -o
 * -pl cli,bench -am install -DskipTests} and {@code enroll --devices 1000}):
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.Bench relay \
 *     --pairs 50 --messages 4000 --window 16
 * </pre>
 *
 * <p>Add {@code --sealed} for the sealed-sender path (senders on the unauthenticated socket): the
 * only path servers take since the SDK sends sealed; without it the senders use plain {@code Send},
 * which such a server refuses ({@code 400 sealed_required}, counted as rejected), so it measures
 * only builds from before that change; {@code --tls} for TLS 1.3; {@code --rate 5000 --pairs 500
 * --seconds 30} for the fixed-rate run (latency counted from when each message was due, so a stall
 * is not hidden by the sends it delayed); {@code --target JETTY}, {@code HELIDON} or {@code NETTY}
 * for the spike servers.
 *
 * <p>Each run first sends a warm-up phase (half the messages, or 15 s at the rate) so the server's
 * JIT has settled, then samples the server's CPU time around the measured phase only.
 */
@Command(name = "relay", mixinStandardHelpOptions = true, description = "Relay benchmark.")
final class RelayCommand implements Callable<Integer> {
  @Mixin RigOptions rig = new RigOptions();

  @Option(names = "--pairs", description = "Sender/recipient pairs (default ${DEFAULT-VALUE}).")
  int pairs = 50;

  @Option(
      names = "--messages",
      description = "Saturation: measured messages per pair (default ${DEFAULT-VALUE}).")
  int messages = 4000;

  @Option(
      names = "--window",
      description = "Saturation: messages in flight per pair (default ${DEFAULT-VALUE}).")
  int window = 16;

  @Option(
      names = "--rate",
      description = "Fixed rate in messages/s over all pairs; 0 for saturation (default 0).")
  int rate;

  @Option(names = "--seconds", description = "Fixed rate: measured seconds (default 30).")
  int seconds = 30;

  @Option(
      names = "--warmup-seconds",
      description = "Fixed rate: warm-up seconds at the rate (default ${DEFAULT-VALUE}).")
  int warmupSeconds = 15;

  @Option(
      names = "--sealed",
      description =
          "Senders use the sealed socket with pre-built random envelopes (SealedSend, no token).")
  boolean sealed;

  @Option(names = "--payload-bytes", description = "Payload size (default ${DEFAULT-VALUE}).")
  int payloadBytes = 100;

  @Option(
      names = "--client-threads",
      description = "Client event loops (default ${DEFAULT-VALUE}).")
  int clientThreads = 2;

  @Override
  public Integer call() throws Exception {
    List<Device> devices = ServerRig.devices(rig, 0, 2 * pairs);
    byte[] bytes = new byte[payloadBytes];
    new Random(1).nextBytes(bytes);
    ByteString payload = ByteString.copyFrom(bytes);
    try (ServerRig server = ServerRig.start(rig);
        Connector connector = new Connector(rig.tls, null, clientThreads)) {
      List<Pair> all = new ArrayList<>();
      List<CompletableFuture<?>> opening = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        Pair pair = new Pair(i, devices.get(2 * i + 1), payload, sealed);
        all.add(pair);
        opening.add(
            sealed
                ? connector.connectSealed(
                    server.websocket().resolve("/v1/websocket/sealed"), pair.sender)
                : connector.connect(server.websocket(), devices.get(2 * i), pair.sender));
        opening.add(connector.connect(server.websocket(), devices.get(2 * i + 1), pair.recipient));
      }
      CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      // Let the server register every connection before the first Send.
      ChildProcess.sleep(Duration.ofSeconds(1));

      if (rate > 0) {
        int perPairWarmup = Math.max(1, warmupSeconds * rate / pairs);
        runPhase(all, 1, perPairWarmup, 0);
        Sampled before = Sampled.now(server);
        Phase measured = runPhase(all, 2, Math.max(1, seconds * rate / pairs), 0);
        report(server, before, measured);
      } else {
        runPhase(all, 1, Math.max(1, messages / 2), window);
        Sampled before = Sampled.now(server);
        Phase measured = runPhase(all, 2, messages, window);
        report(server, before, measured);
      }
      all.forEach(
          pair -> {
            pair.sender.close();
            pair.recipient.close();
          });
    }
    return 0;
  }

  /** The server's, the generator's and the machine's CPU counts before the measured phase. */
  private record Sampled(
      ProcessSample server,
      Map<String, Double> serverThreads,
      ProcessSample generator,
      Map<String, Double> generatorThreads,
      ProcessSample.Host host) {
    static Sampled now(ServerRig server) {
      long self = ProcessHandle.current().pid();
      return new Sampled(
          server.sample(),
          ProcessSample.cpuByThreadName(server.pid()),
          ProcessSample.of(self),
          ProcessSample.cpuByThreadName(self),
          ProcessSample.Host.now());
    }
  }

  /** What a phase delivered, in how long, with which latencies. */
  private record Phase(
      long delivered, long notDelivered, long rejected, double seconds, Histogram latencyMicros) {}

  private Phase runPhase(List<Pair> all, int phase, int perPair, int pairWindow)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(all.size());
    long start = System.nanoTime();
    for (Pair pair : all) {
      pair.begin(phase, perPair, pairWindow, done);
    }
    long timeoutNanos = TimeUnit.MINUTES.toNanos(5);
    if (pairWindow == 0) {
      pace(all, perPair, start, start + timeoutNanos);
    }
    if (!done.await(
        Math.max(1, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS)) {
      System.out.println("phase " + phase + " timed out; reporting what finished");
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    Histogram latency = Pair.newHistogram();
    long delivered = 0;
    long notDelivered = 0;
    long rejected = 0;
    for (Pair pair : all) {
      Pair.Result r = pair.result(latency);
      delivered += r.delivered();
      notDelivered += r.notDelivered();
      rejected += r.rejected();
    }
    return new Phase(delivered, notDelivered, rejected, elapsed, latency);
  }

  /**
   * Sends the phase at the fixed rate. Each sender's event loop paces its own pairs: it wakes when
   * its next message is due and sends every message due by then, so a send is a write on the loop's
   * own thread. (A pacing thread of its own cost the generator a thread that woke 10,000 times a
   * second, and every send a hop to the loop and a wake-up.) Across the loops, message k of a loop
   * with n of the P pairs is due at start + k * P / (n * rate). A pacer stops at {@code deadline}
   * (the phase's timeout), so it never sends into the next phase.
   */
  private void pace(List<Pair> all, int perPair, long start, long deadline) {
    Map<EventLoop, List<Pair>> byLoop = new LinkedHashMap<>();
    for (Pair pair : all) {
      byLoop.computeIfAbsent(pair.sender.eventLoop(), loop -> new ArrayList<>()).add(pair);
    }
    byLoop.forEach(
        (loop, pairs) -> {
          double interval = 1e9 * all.size() / ((double) rate * pairs.size());
          loop.execute(
              new LoopPacer(loop, pairs, (long) perPair * pairs.size(), start, deadline, interval));
        });
  }

  /** One event loop's share of the fixed rate, run on that loop. */
  private static final class LoopPacer implements Runnable {
    private final EventLoop loop;
    private final List<Pair> pairs;
    private final long total;
    private final long start;
    private final long deadline;
    private final double interval;
    private long sent;

    LoopPacer(
        EventLoop loop, List<Pair> pairs, long total, long start, long deadline, double interval) {
      this.loop = loop;
      this.pairs = pairs;
      this.total = total;
      this.start = start;
      this.deadline = deadline;
      this.interval = interval;
    }

    @Override
    public void run() {
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        return;
      }
      long due = Math.min(total, (long) ((now - start) / interval) + 1);
      for (; sent < due; sent++) {
        pairs.get((int) (sent % pairs.size())).sendScheduled(start + (long) (sent * interval));
      }
      if (sent < total) {
        long next = start + (long) (sent * interval);
        ScheduledFuture<?> unused =
            loop.schedule(this, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    }
  }

  private void report(ServerRig server, Sampled before, Phase measured) {
    ProcessSample after = server.sample();
    String byThread =
        ProcessSample.describeDelta(
            before.serverThreads(), ProcessSample.cpuByThreadName(server.pid()));
    long selfPid = ProcessHandle.current().pid();
    ProcessSample self = ProcessSample.of(selfPid);
    String generatorByThread =
        ProcessSample.describeDelta(
            before.generatorThreads(), ProcessSample.cpuByThreadName(selfPid));
    String host = ProcessSample.Host.now().describeSince(before.host());
    double cpu = after.cpuSeconds() - before.server().cpuSeconds();
    Histogram h = measured.latencyMicros();
    long messagesDone = measured.delivered();
    System.out.printf(
        "relay target=%s tls=%s sealed=%s pairs=%d mode=%s payload=%dB%n",
        rig.target,
        rig.tls,
        sealed,
        pairs,
        rate > 0 ? "rate " + rate + "/s for " + seconds + " s" : "saturation window " + window,
        payloadBytes);
    System.out.printf(
        "  delivered=%d not_delivered=%d rejected=%d client_failures=%d in %.2f s%n",
        measured.delivered(),
        measured.notDelivered(),
        measured.rejected(),
        DeviceLink.FAILURES.get(),
        measured.seconds());
    System.out.printf(
        "  throughput        %.0f delivered msgs/s%n", messagesDone / measured.seconds());
    System.out.printf(
        "  latency (Send->Outcome) p50=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n",
        h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0,
        h.getMaxValue() / 1000.0);
    System.out.printf(
        "  server CPU        %.2f s = %.1f us per message (%.0f%% of one core)%n",
        cpu, messagesDone == 0 ? 0 : cpu * 1e6 / messagesDone, 100 * cpu / measured.seconds());
    System.out.println("    by thread: " + byThread);
    System.out.printf(
        "  server RSS        now %d MiB, peak %d MiB%n",
        after.rssKiB() / 1024, after.peakRssKiB() / 1024);
    double generatorCpu = self.cpuSeconds() - before.generator().cpuSeconds();
    System.out.printf(
        "  load generator    %.2f s CPU = %.1f us per message (%.1f s in total)%n",
        generatorCpu, messagesDone == 0 ? 0 : generatorCpu * 1e6 / messagesDone, self.cpuSeconds());
    System.out.println("    by thread: " + generatorByThread);
    System.out.println("  " + host);
  }
}
