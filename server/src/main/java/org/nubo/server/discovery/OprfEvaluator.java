package org.nubo.server.discovery;

import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.nubo.core.InvalidRequest;
import org.nubo.core.discovery.BlindEvaluator;
import org.nubo.crypto.oprf.EncodedEvaluation;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * {@link BlindEvaluator} with the server's OPRF key: RFC 9497 BlindEvaluate and one proof per
 * batch, on the configured group backend, each batch split over the evaluation pool (one platform
 * thread per core).
 */
public final class OprfEvaluator implements BlindEvaluator {
  private final OprfServerKey key;
  private final Ristretto255 group;
  private final ExecutorService pool;
  private final int parallelism;
  private final SecureRandom random;

  public OprfEvaluator(
      OprfServerKey key,
      Ristretto255 group,
      ExecutorService pool,
      int parallelism,
      SecureRandom random) {
    this.key = key;
    this.group = group;
    this.pool = pool;
    this.parallelism = parallelism;
    this.random = random;
  }

  @Override
  public Evaluated evaluate(List<byte[]> blinded) {
    EncodedEvaluation answer;
    try {
      answer = key.evaluateEncoded(blinded, random, group, pool, parallelism);
    } catch (OprfException e) {
      throw new InvalidRequest("invalid_element", String.valueOf(e.getMessage()));
    }
    return new Evaluated(answer.evaluatedElements(), answer.proof());
  }

  @Override
  public byte[] publicKey() {
    return key.publicKey().toByteArray();
  }
}
