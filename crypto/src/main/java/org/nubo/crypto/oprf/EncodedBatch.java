package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * BlindEvaluate with GenerateProof on encodings, through a {@link Ristretto255}: the server's fast
 * path. It computes exactly what {@link Dleq#generate} does (ComputeCompositesFast, then the
 * Schnorr-style proof), so the answer is byte-identical; only the group arithmetic is pluggable.
 *
 * <p>Per element it costs one variable-base multiplication ({@code k·C[i]}) and a share of one
 * multi-scalar multiplication for {@code M = Σ d[i]·C[i]} (public weights, so variable time); the
 * batch then adds three more multiplications for the proof. The per-element part is split into
 * {@code parallelism} chunks whose partial sums of {@code M} are added at the end.
 */
final class EncodedBatch {
  private static final byte[] IDENTITY = new byte[Suite.ELEMENT_BYTES];

  private EncodedBatch() {}

  static EncodedEvaluation evaluate(
      Scalar k,
      OprfPublicKey publicKey,
      List<byte[]> blinded,
      Scalar proofRandomScalar,
      Ristretto255 group,
      Executor executor,
      int parallelism) {
    int n = blinded.size();
    if (n == 0 || n > OprfServerKey.MAX_BATCH) {
      throw new OprfException(
          "a batch holds 1 to " + OprfServerKey.MAX_BATCH + " blinded elements, not " + n);
    }
    byte[] key = k.toByteArray();
    byte[] seed = Dleq.seed(publicKey);
    byte[][] evaluated = new byte[n][];
    int chunks = Math.max(1, Math.min(parallelism, n / 16));
    List<CompletableFuture<byte[]>> partials = new ArrayList<>(chunks);
    for (int c = 0; c < chunks; c++) {
      int from = (int) ((long) n * c / chunks);
      int to = (int) ((long) n * (c + 1) / chunks);
      if (chunks == 1) {
        partials.add(
            CompletableFuture.completedFuture(
                chunk(group, key, seed, blinded, evaluated, from, to)));
      } else {
        partials.add(
            CompletableFuture.supplyAsync(
                () -> chunk(group, key, seed, blinded, evaluated, from, to), executor));
      }
    }
    byte[] m = null;
    for (CompletableFuture<byte[]> partial : partials) {
      byte[] sum;
      try {
        sum = partial.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof OprfException refused) {
          throw new OprfException(String.valueOf(refused.getMessage()), refused);
        }
        throw e;
      }
      m = m == null ? sum : group.add(m, sum);
    }
    if (m == null || Arrays.equals(m, IDENTITY)) {
      throw new OprfException("the batch's composite element is the identity; ask again");
    }
    byte[] r = proofRandomScalar.toByteArray();
    byte[] z = group.multiply(m, key);
    byte[] t2 = group.multiplyBase(r);
    byte[] t3 = group.multiply(m, r);
    Scalar c = Dleq.challenge(publicKey, m, z, t2, t3);
    Scalar s = proofRandomScalar.subtract(c.multiply(k));
    return new EncodedEvaluation(
        Arrays.asList(evaluated), Suite.concat(c.toByteArray(), s.toByteArray()));
  }

  /** Evaluates {@code [from, to)} into {@code evaluated} and returns their part of {@code M}. */
  private static byte[] chunk(
      Ristretto255 group,
      byte[] key,
      byte[] seed,
      List<byte[]> blinded,
      byte[][] evaluated,
      int from,
      int to) {
    // Every multiplication first, then the proof's share: a native group's calls run back to
    // back, without the composite work's allocations in between.
    for (int i = from; i < to; i++) {
      byte[] ci = blinded.get(i);
      if (ci.length != Suite.ELEMENT_BYTES || Arrays.equals(ci, IDENTITY)) {
        throw invalid(i, null);
      }
      try {
        evaluated[i] = group.multiply(ci, key);
      } catch (OprfException e) {
        throw invalid(i, e);
      }
    }
    List<byte[]> elements = new ArrayList<>(to - from);
    List<byte[]> weights = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      byte[] ci = blinded.get(i);
      elements.add(ci);
      weights.add(Dleq.compositeScalar(seed, i, ci, evaluated[i]).toByteArray());
    }
    // The weights are public (hashes of public elements): one multi-scalar multiplication.
    return group.multiplyPublicSum(elements, weights);
  }

  private static OprfException invalid(int index, @org.jspecify.annotations.Nullable Throwable e) {
    String message =
        "blinded element "
            + index
            + " is not a canonical ristretto255 encoding of an element other than the identity";
    return e == null ? new OprfException(message) : new OprfException(message, e);
  }
}
