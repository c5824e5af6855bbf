package org.nubo.core.discovery;

import java.util.List;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.RateLimiter;

/**
 * Contact discovery's only server-side step that touches numbers, and then only blinded: it
 * evaluates a batch of blinded elements for an authenticated device. The server cannot tell which
 * numbers are behind them, nor whether two batches ask about the same number; what it counts is how
 * many elements each account and each address asked for, against the {@code evaluations_per_*}
 * limits. Phones cache each contact's token, so only numbers never seen before count.
 *
 * <p>Nothing about the elements is logged or kept.
 */
public final class Evaluations {
  /** The most blinded elements one request may carry. */
  public static final int MAX_BATCH = 1000;

  /** The encoded length of a blinded element. */
  public static final int ELEMENT_BYTES = 32;

  private final BlindEvaluator evaluator;
  private final RateLimiter perAccount;
  private final RateLimiter perIp;

  public Evaluations(BlindEvaluator evaluator, RateLimiter perAccount, RateLimiter perIp) {
    this.evaluator = evaluator;
    this.perAccount = perAccount;
    this.perIp = perIp;
  }

  /**
   * Evaluates {@code blinded} for {@code caller}, charging one token per element to the account's
   * and the address's buckets.
   *
   * @param clientKey the opaque, keyed hash of the caller's address
   * @throws InvalidRequest {@code empty_batch}, {@code batch_too_large} or {@code invalid_element}
   * @throws org.nubo.core.RateLimited when either bucket is short
   */
  public BlindEvaluator.Evaluated evaluate(
      DevicePrincipal caller, String clientKey, List<byte[]> blinded) {
    if (blinded.isEmpty()) {
      throw new InvalidRequest("empty_batch", "send at least one blinded element");
    }
    if (blinded.size() > MAX_BATCH) {
      throw new InvalidRequest(
          "batch_too_large", "a request carries at most " + MAX_BATCH + " blinded elements");
    }
    for (int i = 0; i < blinded.size(); i++) {
      if (blinded.get(i).length != ELEMENT_BYTES) {
        throw new InvalidRequest(
            "invalid_element", "blinded element " + i + " is not " + ELEMENT_BYTES + " bytes");
      }
    }
    perIp.acquire(clientKey, blinded.size());
    perAccount.acquire(caller.account().text(), blinded.size());
    return evaluator.evaluate(blinded);
  }

  /** The OPRF public key, 32 bytes. */
  public byte[] publicKey() {
    return evaluator.publicKey();
  }
}
