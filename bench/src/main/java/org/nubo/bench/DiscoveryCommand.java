package org.nubo.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubo.client.Contact;
import org.nubo.client.FileClientStore;
import org.nubo.client.NuboClient;
import org.nubo.crypto.oprf.EncodedEvaluation;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Ristretto255;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;
import org.nubo.server.discovery.SodiumRistretto255;
import org.nubo.store.embedded.SqliteDatabase;
import org.nubo.store.embedded.SqliteDirectoryLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Private contact discovery (issue 3, section 7), in one process so that the figures are the code's
 * own: the phone (the real SDK) and the server (the real {@link NuboServer}, plain HTTP on
 * loopback) share this JVM and the machine's two cores, as they share the machine anyway.
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.Bench discovery \
 *     --tokens 10000000 --contacts 1000
 * </pre>
 *
 * <ol>
 *   <li>OPRF evaluations per second, batches of 1,000 split over both cores, libsodium and pure
 *       Java.
 *   <li>The filter at {@code --tokens} random keys: build time, size, false-positive rate, and a
 *       delta of 10,000 changes (server's answer, phone's decode).
 *   <li>End to end: a database seeded directly with {@code --tokens} accounts (random tokens, plus
 *       the real tokens of a tenth of the contacts; no verification flow for 10M accounts), the
 *       server started on it, then per round a new phone (its state on disk) registered through the
 *       real flow and {@code discoverContacts()} of {@code --contacts} contacts: cold (every number
 *       evaluated, whole filter downloaded and stored) and warm (tokens cached, filter current).
 *       {@code --warmup-rounds} rounds come first, printed by tens, so that the measured ones run
 *       compiled code; each cold round starts once the process is idle.
 * </ol>
 */
@Command(
    name = "discovery",
    mixinStandardHelpOptions = true,
    description = "OPRF evaluations/s, directory filter at scale, discovery end to end.")
final class DiscoveryCommand implements Callable<Integer> {
  @Option(names = "--tokens", description = "Registered accounts (default 10,000,000).")
  int tokens = 10_000_000;

  @Option(names = "--contacts", description = "Address book size (default 1,000).")
  int contacts = 1000;

  @Option(names = "--seconds", description = "Seconds per OPRF throughput run (default 10).")
  int seconds = 10;

  @Option(
      names = "--rounds",
      description = "End-to-end discoveries, each on a new phone (default 3).")
  int rounds = 3;

  @Option(
      names = "--warmup-rounds",
      description =
          "Discoveries before the measured ones, each on a new phone, so that the JIT has compiled"
              + " the path; their cold times are printed in tens (default 40).")
  int warmupRounds = 40;

  @Option(
      names = "--phone-group",
      description =
          "The phone's group arithmetic: auto (libsodium if it loads), java (default auto).")
  String phoneGroup = "auto";

  @Option(names = "--data-dir", description = "Default bench/target/bench-data/discovery.")
  Path dataDir = Path.of("bench/target/bench-data/discovery");

  @Override
  public Integer call() throws Exception {
    oprfThroughput();
    filterAtScale();
    endToEnd();
    return 0;
  }

  private void oprfThroughput() {
    OprfServerKey key = OprfServerKey.generate(new SecureRandom());
    OprfClient phone = new OprfClient(key.publicKey(), new SecureRandom());
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(
          phone
              .blind(("+1415" + (2000000 + i)).getBytes(StandardCharsets.US_ASCII))
              .blindedElement()
              .toByteArray());
    }
    int cores = Runtime.getRuntime().availableProcessors();
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      for (Map.Entry<String, Ristretto255> backend :
          Map.of(
                  "libsodium",
                  (Ristretto255) SodiumRistretto255.load(),
                  "pure Java",
                  Ristretto255.pureJava())
              .entrySet()) {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 3; i++) {
          EncodedEvaluation unused =
              key.evaluateEncoded(batch, random, backend.getValue(), pool, cores);
        }
        long start = System.nanoTime();
        long evaluated = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
          EncodedEvaluation unused =
              key.evaluateEncoded(batch, random, backend.getValue(), pool, cores);
          evaluated += batch.size();
        }
        double secondsTaken = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "oprf %s: %.0f evaluations/s (batches of 1000 over %d threads, %.2f ms a batch)%n",
            backend.getKey(),
            evaluated / secondsTaken,
            cores,
            1000 * secondsTaken / (evaluated / 1000.0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void filterAtScale() {
    SplittableRandom random = new SplittableRandom(42);
    long[] keys = random.longs(tokens).toArray();
    long start = System.nanoTime();
    DirectoryFilter filter = DirectoryFilter.build(keys.clone());
    long buildMs = (System.nanoTime() - start) / 1_000_000;
    long falsePositives = random.longs(1_000_000).filter(filter::mayContain).count();
    System.out.printf(
        "filter %,d keys: built in %d ms, %,d bytes (%.2f bits a key), false positives %.3f%%%n",
        tokens,
        buildMs,
        filter.encodedLength(),
        filter.encodedLength() * 8.0 / tokens,
        falsePositives / 10_000.0);
    long[] added = random.longs(5000).toArray();
    long[] removed = Arrays.copyOf(keys, 5000);
    start = System.nanoTime();
    byte[] delta = DirectoryUpdate.delta(10_000, 0, added, removed).encode();
    DirectoryUpdate read = DirectoryUpdate.decode(delta);
    long deltaUs = (System.nanoTime() - start) / 1000;
    start = System.nanoTime();
    byte[] full = DirectoryUpdate.full(1, 0, filter, new long[0], new long[0]).encode();
    DirectoryUpdate.decode(full);
    long fullMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "delta of 10,000 changes: %,d bytes, encode+decode %d µs (%d keys); full update"
            + " encode+decode %d ms%n",
        delta.length, deltaUs, read.added().length + read.removed().length, fullMs);
  }

  private void endToEnd() throws Exception {
    Path server = dataDir.resolve("server");
    Files.createDirectories(server.resolve("keys"));
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    Path keyFile = server.resolve("keys").resolve("oprf.key");
    if (!Files.exists(keyFile)) {
      Files.write(keyFile, seed);
    }
    OprfServerKey key =
        OprfServerKey.derive(
            Files.readAllBytes(keyFile), "nubo-oprf-v1".getBytes(StandardCharsets.US_ASCII));
    List<String> book = new ArrayList<>();
    for (int i = 0; i < contacts; i++) {
      book.add("+1415" + (3000000 + i));
    }
    Path db = server.resolve("db").resolve("nubo.db");
    if (!Files.exists(db)) {
      long start = System.nanoTime();
      seed(db, key, book.subList(0, contacts / 10));
      System.out.printf(
          "seeded %,d accounts in %d s%n", tokens, (System.nanoTime() - start) / 1_000_000_000L);
    }
    List<String> codes = new ArrayList<>();
    Pattern code = Pattern.compile("code is (\\d{6})");
    Map<String, String> env = new HashMap<>();
    env.put("NUBO_SERVER_HOST", "127.0.0.1");
    env.put("NUBO_SERVER_PORT", "0");
    env.put("NUBO_ADMIN_PORT", "0");
    env.put("NUBO_SERVER_DATA_DIR", server.toString());
    env.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", "true");
    // Every phone of the bench comes from 127.0.0.1: the per-address limits would stop the rounds
    // (each round is a new phone that registers and evaluates 1,000 numbers). The per-account
    // limits stay as they are.
    for (String limit :
        List.of("verification-per-ip", "registration-per-ip", "evaluations-per-ip")) {
      String name = "NUBO_LIMITS_" + limit.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
      env.put(name + "_CAPACITY", "100000000");
    }
    long start = System.nanoTime();
    try (NuboServer nubo =
        NuboServer.start(
            ServerConfig.load(null, env),
            (to, text) -> {
              Matcher m = code.matcher(text);
              if (m.find()) {
                synchronized (codes) {
                  codes.add(m.group(1));
                }
              }
            },
            () -> {},
            Clock.systemUTC(),
            new SecureRandom())) {
      System.out.printf(
          "server started on %,d accounts in %d ms (filter built at start)%n",
          tokens, (System.nanoTime() - start) / 1_000_000);
      List<Long> warmUp = new ArrayList<>();
      for (int round = 0; round < warmupRounds; round++) {
        warmUp.add(round(nubo, codes, book, round).coldNanos() / 1_000_000);
        if (warmUp.size() % 10 == 0 || warmUp.size() == warmupRounds) {
          System.out.printf(
              "warm-up: %d of %d rounds, cold %s ms%n",
              warmUp.size(),
              warmupRounds,
              warmUp.subList(warmUp.size() - Math.min(10, warmUp.size()), warmUp.size()));
        }
      }
      for (int round = 0; round < rounds; round++) {
        Round r = round(nubo, codes, book, warmupRounds + round);
        System.out.printf(
            "discovery of %d contacts against %,d accounts (phone: %s): cold %d ms"
                + " (%d possible users; CPU %d ms, %.2f cores busy), warm %d µs%n"
                + "  cold round's CPU by thread (the phone's discovery threads ended before"
                + " the count): %s%n",
            contacts,
            tokens,
            phoneGroup,
            r.coldNanos() / 1_000_000,
            r.found(),
            r.cpuMs(),
            r.cpuMs() * 1e6 / r.coldNanos(),
            r.warmUs(),
            r.byThread());
      }
    }
  }

  /** One measured discovery: its cold time and CPU, and the warm one after it. */
  private record Round(long coldNanos, long cpuMs, String byThread, int found, long warmUs) {}

  /** A new phone registers, adds the address book, discovers it cold and then warm. */
  private Round round(NuboServer nubo, List<String> codes, List<String> book, int round)
      throws IOException {
    // The phone's own store, on disk as on a phone: the filter it downloads is written to it.
    Path phoneDir = dataDir.resolve("phone");
    deleteTree(phoneDir);
    NuboClient.Builder builder =
        NuboClient.builder()
            .server(URI.create(nubo.url()))
            .allowPlaintextForDevelopment()
            .store(new FileClientStore(phoneDir))
            .smsTransport((to, text) -> {});
    if (phoneGroup.equals("java")) {
      builder.oprfGroup(Ristretto255.pureJava());
    }
    try (NuboClient phone = builder.build()) {
      phone.startVerification("+1415" + (4000000 + round * 10 + (int) (System.nanoTime() % 10)));
      synchronized (codes) {
        phone.confirmCode(codes.get(codes.size() - 1));
      }
      phone.addContacts(book.stream().map(number -> new Contact(number, number)).toList());
      // Registering leaves work behind on other threads: the new phone uploads its Signal prekeys,
      // the JIT compiles what it ran. Discovery is measured once the process is idle again.
      awaitQuiet();
      // The phone and the server share this process: its CPU time over the round says whether
      // the cores were busy all along (only less work helps) or waited.
      long cpu = processCpuNanos();
      long pid = ProcessHandle.current().pid();
      Map<String, Double> threads = ProcessSample.cpuByThreadName(pid);
      long cold = System.nanoTime();
      int found = phone.discoverContacts().size();
      long coldNanos = System.nanoTime() - cold;
      long cpuMs = (processCpuNanos() - cpu) / 1_000_000;
      String byThread = ProcessSample.describeDelta(threads, ProcessSample.cpuByThreadName(pid));
      long warm = System.nanoTime();
      phone.discoverContacts();
      long warmUs = (System.nanoTime() - warm) / 1000;
      return new Round(coldNanos, cpuMs, byThread, found, warmUs);
    }
  }

  /**
   * Waits until this process uses under a tenth of a core over 50 ms (at most 5 s; it says so if it
   * never does).
   */
  private static void awaitQuiet() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      long cpu = processCpuNanos();
      long wall = System.nanoTime();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (processCpuNanos() - cpu < (System.nanoTime() - wall) / 10) {
        return;
      }
    }
    System.out.println("  (the process did not fall idle within 5 s before this round)");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** CPU time of this process (every thread), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Writes {@code tokens} accounts straight into a new database, in token order. */
  private void seed(Path db, OprfServerKey key, List<String> real) {
    try (SqliteDatabase database = SqliteDatabase.open(db)) {
      SplittableRandom random = new SplittableRandom(7);
      byte[][] all = new byte[tokens][];
      for (int i = 0; i < real.size(); i++) {
        all[i] =
            AccountToken.fromOprfOutput(
                    key.evaluateDirect(real.get(i).getBytes(StandardCharsets.US_ASCII)))
                .bytes();
      }
      for (int i = real.size(); i < tokens; i++) {
        byte[] token = new byte[32];
        ByteBuffer b = ByteBuffer.wrap(token);
        for (int j = 0; j < 4; j++) {
          b.putLong(random.nextLong());
        }
        all[i] = token;
      }
      Arrays.sort(all, Arrays::compareUnsigned);
      database.update(
          c -> {
            try (PreparedStatement p =
                c.prepareStatement(
                    "INSERT INTO accounts(token, created_at, messaging) VALUES (?, 0, 1)")) {
              for (byte[] token : all) {
                p.setBytes(1, token);
                p.addBatch();
              }
              p.executeBatch();
            }
            // Seeded, not registered: the change log starts after them.
            try (var s = c.createStatement()) {
              s.execute("DELETE FROM directory_changes");
              s.execute(
                  "UPDATE directory_floor SET version ="
                      + " (SELECT seq FROM sqlite_sequence WHERE name = 'directory_changes')");
            }
          });
      new SqliteDirectoryLog(database).latestVersion();
    }
  }
}
