package org.nubo.bench;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.oprf.EncodedEvaluation;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Ristretto255;
import org.nubo.crypto.ristretto.RistrettoPoint;
import org.nubo.server.discovery.SodiumRistretto255;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Microbenchmark of the ristretto255 group under the OPRF: curve25519-elisabeth (the group before
 * the {@code curve} branch) against {@link RistrettoPoint} (Bouncy Castle field arithmetic) and,
 * where it has the operation, libsodium through FFM. No server process: everything runs in this
 * JVM.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' \
 *     org.nubo.bench.Bench ristretto
 * </pre>
 */
@Command(
    name = "ristretto",
    mixinStandardHelpOptions = true,
    description = "µs per group operation, old (elisabeth) vs new (RistrettoPoint) vs libsodium.")
final class RistrettoCommand implements Callable<Integer> {
  @Option(
      names = "--millis",
      description = "Milliseconds per measurement, and as much warm-up before it (default 4000).")
  int millis = 4000;

  @Option(names = "--seconds", description = "Seconds per OPRF throughput run (default 8).")
  int seconds = 8;

  /**
   * Results land here so the JIT cannot drop the work. Points go in by identity hash: their
   * hashCode() encodes them, which would add an encoding to every row.
   */
  private long sink;

  /** The same, for work done on the pool's threads. */
  private final java.util.concurrent.atomic.LongAdder blackhole =
      new java.util.concurrent.atomic.LongAdder();

  @Override
  public Integer call() throws Exception {
    Random random = new Random(1);
    int count = 64;
    byte[][] uniform = new byte[count][64];
    byte[][] encoded = new byte[count][];
    Scalar[] scalars = new Scalar[count];
    RistrettoElement[] oldPoints = new RistrettoElement[count];
    RistrettoPoint[] newPoints = new RistrettoPoint[count];
    for (int i = 0; i < count; i++) {
      random.nextBytes(uniform[i]);
      byte[] wide = new byte[64];
      random.nextBytes(wide);
      scalars[i] = Scalar.fromBytesModOrderWide(wide);
      oldPoints[i] = RistrettoElement.fromUniformBytes(uniform[i]);
      encoded[i] = oldPoints[i].compress().toByteArray();
      newPoints[i] = RistrettoPoint.fromUniformBytes(uniform[i]);
    }
    @Nullable SodiumRistretto255 sodium = null;
    try {
      sodium = SodiumRistretto255.load();
    } catch (IllegalStateException e) {
      System.out.println("libsodium unavailable: " + e.getMessage());
    }
    System.out.printf(
        "%-34s %12s %12s %12s%n", "µs per operation", "elisabeth", "new", "libsodium");
    int[] i = {0};
    row(
        "variable-base multiply",
        () -> sink += System.identityHashCode(oldPoints[next(i)].multiply(scalars[i[0]])),
        () ->
            sink +=
                System.identityHashCode(newPoints[next(i)].multiply(scalars[i[0]].toByteArray())),
        sodium == null
            ? null
            : tick(
                sodium, s -> sink += s.multiply(encoded[next(i)], scalars[i[0]].toByteArray())[0]));
    row(
        "  (multiply incl. decode+encode)",
        () ->
            sink += decodeOld(encoded[next(i)]).multiply(scalars[i[0]]).compress().toByteArray()[0],
        () -> sink += decodeNew(encoded[next(i)]).multiply(scalars[i[0]].toByteArray()).encode()[0],
        null);
    row(
        "base multiply",
        () ->
            sink +=
                System.identityHashCode(
                    Constants.RISTRETTO_GENERATOR_TABLE.multiply(scalars[next(i)])),
        () ->
            sink +=
                System.identityHashCode(
                    RistrettoPoint.multiplyBase(scalars[next(i)].toByteArray())),
        sodium == null
            ? null
            : tick(sodium, s -> sink += s.multiplyBase(scalars[next(i)].toByteArray())[0]));
    row(
        "decode",
        () -> sink += System.identityHashCode(decodeOld(encoded[next(i)])),
        () -> sink += System.identityHashCode(decodeNew(encoded[next(i)])),
        null);
    row(
        "encode",
        () -> sink += oldPoints[next(i)].compress().toByteArray()[0],
        () -> sink += newPoints[next(i)].encode()[0],
        null);
    row(
        "one-way map (hash-to-group core)",
        () -> sink += System.identityHashCode(RistrettoElement.fromUniformBytes(uniform[next(i)])),
        () -> sink += System.identityHashCode(RistrettoPoint.fromUniformBytes(uniform[next(i)])),
        null);
    row(
        "add",
        () ->
            sink += System.identityHashCode(oldPoints[next(i)].add(oldPoints[(i[0] + 1) % count])),
        () ->
            sink += System.identityHashCode(newPoints[next(i)].add(newPoints[(i[0] + 1) % count])),
        sodium == null
            ? null
            : tick(sodium, s -> sink += s.add(encoded[next(i)], encoded[(i[0] + 1) % count])[0]));
    msmRow(random);
    oprfThroughput(sodium);
    phone();
    System.out.println("(sink " + ((sink + blackhole.sum()) & 1) + ")");
    return 0;
  }

  /** A throwaway op index, cycling over the inputs. */
  private static int next(int[] i) {
    i[0] = (i[0] + 1) % 64;
    return i[0];
  }

  private interface Op {
    void run();
  }

  private interface SodiumOp {
    void run(SodiumRistretto255 s);
  }

  private static Op tick(SodiumRistretto255 sodium, SodiumOp op) {
    return () -> op.run(sodium);
  }

  private void row(String name, Op old, Op now, @Nullable Op native_) {
    System.out.printf(
        "%-34s %12.2f %12.2f %12s%n",
        name,
        micros(old),
        micros(now),
        native_ == null ? "-" : String.format("%.2f", micros(native_)));
  }

  /**
   * Mean µs per call over {@code millis}, after as long a warm-up: on this 2-core machine C2 takes
   * seconds to compile the field multiplication, and shorter runs measured the interpreter.
   */
  private double micros(Op op) {
    long warm = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < warm) {
      for (int k = 0; k < 16; k++) {
        op.run();
      }
    }
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    long calls = 0;
    long now;
    do {
      for (int k = 0; k < 16; k++) {
        op.run();
      }
      calls += 16;
      now = System.nanoTime();
    } while (now < end);
    return (now - start) / 1e3 / calls;
  }

  private void msmRow(Random random) {
    int n = 1000;
    Scalar[] scalars = new Scalar[n];
    byte[][] scalarBytes = new byte[n][];
    RistrettoElement[] oldPoints = new RistrettoElement[n];
    RistrettoPoint[] newPoints = new RistrettoPoint[n];
    for (int k = 0; k < n; k++) {
      byte[] wide = new byte[64];
      random.nextBytes(wide);
      scalars[k] = Scalar.fromBytesModOrderWide(wide);
      scalarBytes[k] = scalars[k].toByteArray();
      byte[] uniform = new byte[64];
      random.nextBytes(uniform);
      oldPoints[k] = RistrettoElement.fromUniformBytes(uniform);
      newPoints[k] = RistrettoPoint.fromUniformBytes(uniform);
    }
    if (!Arrays.equals(
        OldPippenger.sum(scalars, oldPoints).compress().toByteArray(),
        RistrettoPoint.vartimeMultiScalar(scalarBytes, newPoints).encode())) {
      throw new IllegalStateException("the two multi-scalar sums disagree");
    }
    double old =
        micros(() -> sink += System.identityHashCode(OldPippenger.sum(scalars, oldPoints))) / n;
    double now =
        micros(
                () ->
                    sink +=
                        System.identityHashCode(
                            RistrettoPoint.vartimeMultiScalar(scalarBytes, newPoints)))
            / n;
    System.out.printf("%-34s %12.2f %12.2f %12s%n", "MSM per term, n = 1000", old, now, "-");
  }

  private void oprfThroughput(@Nullable SodiumRistretto255 sodium) throws Exception {
    OprfServerKey key = OprfServerKey.generate(new SecureRandom());
    OprfClient phone = new OprfClient(key.publicKey(), new SecureRandom());
    List<byte[]> batch = new ArrayList<>();
    for (int k = 0; k < 1000; k++) {
      batch.add(
          phone
              .blind(("+1415" + (2000000 + k)).getBytes(StandardCharsets.US_ASCII))
              .blindedElement()
              .toByteArray());
    }
    int threads = 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Ristretto255> backends = new ArrayList<>();
      backends.add(Ristretto255.pureJava());
      if (sodium != null) {
        backends.add(sodium);
      }
      for (Ristretto255 backend : backends) {
        SecureRandom random = new SecureRandom();
        for (int k = 0; k < 5; k++) {
          EncodedEvaluation unused = key.evaluateEncoded(batch, random, backend, pool, threads);
        }
        long start = System.nanoTime();
        long evaluated = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
          EncodedEvaluation unused = key.evaluateEncoded(batch, random, backend, pool, threads);
          evaluated += batch.size();
        }
        double taken = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "oprf %s: %.0f evaluations/s (batches of 1000 over %d threads, %.2f ms a batch)%n",
            backend == sodium ? "libsodium multiply + Java MSM" : "pure Java (new)",
            evaluated / taken,
            threads,
            1000 * taken / (evaluated / 1000.0));
      }
      if (sodium != null) {
        multiplyCeiling(sodium, batch, key.privateKeyBytes(), pool, threads);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The ceiling of any evaluation rate on this machine: libsodium's multiplication alone, on the
   * same pool and the same elements, with nothing else. Every evaluation needs one such
   * multiplication ({@code k·C[i]}), so no backend that uses it can evaluate faster than this.
   */
  private void multiplyCeiling(
      SodiumRistretto255 sodium,
      List<byte[]> batch,
      byte[] scalar,
      ExecutorService pool,
      int threads)
      throws Exception {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    List<java.util.concurrent.Future<Long>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      workers.add(
          pool.submit(
              () -> {
                long done = 0;
                long local = 0;
                int k = offset;
                while (System.nanoTime() < end) {
                  local += sodium.multiply(batch.get(k), scalar)[0];
                  k = (k + threads) % batch.size();
                  done++;
                }
                blackhole.add(local);
                return done;
              }));
    }
    long done = 0;
    for (java.util.concurrent.Future<Long> worker : workers) {
      done += worker.get();
    }
    double taken = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "ceiling: libsodium multiply alone: %.0f/s over %d threads (%.1f µs a call per thread)%n",
        done / taken, threads, taken * 1e6 * threads / done);
  }

  /** The phone's CPU for 1,000 contacts on one thread: Blind, then Finalize with VerifyProof. */
  private void phone() {
    OprfServerKey key = OprfServerKey.generate(new SecureRandom());
    OprfClient phone = new OprfClient(key.publicKey(), new SecureRandom());
    List<byte[]> numbers = new ArrayList<>();
    for (int k = 0; k < 1000; k++) {
      numbers.add(("+1415" + (3000000 + k)).getBytes(StandardCharsets.US_ASCII));
    }
    long blindNanos = 0;
    long finalizeNanos = 0;
    int rounds = 6;
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      List<OprfClient.Blinded> states = new ArrayList<>();
      List<org.nubo.crypto.oprf.BlindedElement> blinded = new ArrayList<>();
      for (byte[] number : numbers) {
        OprfClient.Blinded state = phone.blind(number);
        states.add(state);
        blinded.add(state.blindedElement());
      }
      long t1 = System.nanoTime();
      var evaluation = key.evaluate(blinded, new SecureRandom());
      long t2 = System.nanoTime();
      sink += phone.finalizeOutputs(states, evaluation).get(0)[0];
      long t3 = System.nanoTime();
      if (round >= 2) { // the first rounds warm the JIT up
        blindNanos += t1 - t0;
        finalizeNanos += t3 - t2;
      }
    }
    int measured = rounds - 2;
    System.out.printf(
        "phone, 1000 contacts on 1 thread: blind %.0f ms, finalize+verify %.0f ms (%.0f µs a"
            + " contact)%n",
        blindNanos / 1e6 / measured,
        finalizeNanos / 1e6 / measured,
        (blindNanos + finalizeNanos) / 1e3 / measured / 1000);
  }

  private static RistrettoElement decodeOld(byte[] bytes) {
    try {
      return new CompressedRistretto(bytes).decompress();
    } catch (InvalidEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RistrettoPoint decodeNew(byte[] bytes) {
    RistrettoPoint p = RistrettoPoint.decode(bytes);
    if (p == null) {
      throw new IllegalStateException("invalid encoding");
    }
    return p;
  }

  /**
   * The Pippenger sum as {@code org.nubo.crypto.oprf.MultiScalar} computed it on elisabeth before
   * this branch (same windows and signed digits), kept here as the "old" column only.
   */
  private static final class OldPippenger {
    private OldPippenger() {}

    static RistrettoElement sum(Scalar[] scalars, RistrettoElement[] points) {
      int n = points.length;
      int w = n < 750 ? 7 : n < 2000 ? 8 : 9;
      int windows = (254 + w - 1) / w;
      int[][] digits = new int[n][];
      RistrettoElement[] negated = new RistrettoElement[n];
      for (int k = 0; k < n; k++) {
        digits[k] = digits(scalars[k].toByteArray(), w, windows);
        negated[k] = points[k].negate();
      }
      int bucketCount = 1 << (w - 1);
      RistrettoElement[] buckets = new RistrettoElement[bucketCount];
      RistrettoElement result = null;
      for (int window = windows - 1; window >= 0; window--) {
        if (result != null) {
          for (int j = 0; j < w; j++) {
            result = result.dbl();
          }
        }
        Arrays.fill(buckets, null);
        for (int k = 0; k < n; k++) {
          int d = digits[k][window];
          if (d > 0) {
            buckets[d - 1] = plus(buckets[d - 1], points[k]);
          } else if (d < 0) {
            buckets[-d - 1] = plus(buckets[-d - 1], negated[k]);
          }
        }
        RistrettoElement running = null;
        RistrettoElement windowSum = null;
        for (int j = bucketCount - 1; j >= 0; j--) {
          if (buckets[j] != null) {
            running = plus(running, buckets[j]);
          }
          if (running != null) {
            windowSum = plus(windowSum, running);
          }
        }
        if (windowSum != null) {
          result = plus(result, windowSum);
        }
      }
      return result == null ? RistrettoElement.IDENTITY : result;
    }

    private static RistrettoElement plus(@Nullable RistrettoElement sum, RistrettoElement term) {
      return sum == null ? term : sum.add(term);
    }

    private static int[] digits(byte[] scalar, int w, int windows) {
      int[] out = new int[windows];
      int carry = 0;
      for (int k = 0; k < windows; k++) {
        int at = k * w;
        int value = 0;
        for (int b = 0; b < 3 && (at >>> 3) + b < scalar.length; b++) {
          value |= (scalar[(at >>> 3) + b] & 0xff) << (8 * b);
        }
        int digit = ((value >>> (at & 7)) & ((1 << w) - 1)) + carry;
        carry = digit > (1 << (w - 1)) ? 1 : 0;
        out[k] = digit - (carry << w);
      }
      return out;
    }
  }
}
