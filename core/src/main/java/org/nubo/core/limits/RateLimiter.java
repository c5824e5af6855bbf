package org.nubo.core.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.nubo.core.RateLimited;

/**
 * In-memory token buckets for one {@link Limit}. Keys are opaque strings the caller derives (never
 * a raw number or address). Idle buckets that have refilled completely are dropped by {@link
 * #sweep()}, so memory tracks only recent actors.
 */
public final class RateLimiter {
  private final Limit limit;
  private final Clock clock;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public RateLimiter(Limit limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  public Limit limit() {
    return limit;
  }

  /**
   * Takes {@code permits} tokens for {@code key}, or throws.
   *
   * @throws RateLimited with the time until enough tokens are back
   */
  public void acquire(String key, int permits) {
    long now = clock.millis();
    long[] waitMillis = {0};
    // Taking inside compute() keeps a concurrent sweep from dropping the bucket mid-take.
    buckets.compute(
        key,
        (k, existing) -> {
          Bucket bucket = existing == null ? new Bucket(limit.capacity(), now) : existing;
          waitMillis[0] = bucket.take(permits, now, limit);
          return bucket;
        });
    if (waitMillis[0] > 0) {
      throw new RateLimited(limit.name(), Duration.ofMillis(waitMillis[0]));
    }
  }

  public void acquire(String key) {
    acquire(key, 1);
  }

  /** Forgets buckets that are full again. Cheap enough to call from a periodic task. */
  public void sweep() {
    long now = clock.millis();
    for (String key : buckets.keySet()) {
      buckets.computeIfPresent(key, (k, b) -> b.isFull(now, limit) ? null : b);
    }
  }

  /** Number of keys currently tracked (for metrics and tests). */
  public int trackedKeys() {
    return buckets.size();
  }

  private static final class Bucket {
    private double tokens;
    private long updatedAt;

    Bucket(double tokens, long updatedAt) {
      this.tokens = tokens;
      this.updatedAt = updatedAt;
    }

    synchronized long take(int permits, long now, Limit limit) {
      refill(now, limit);
      if (tokens >= permits) {
        tokens -= permits;
        return 0;
      }
      double missing = permits - tokens;
      return (long) Math.ceil(missing * limit.refillEvery().toMillis());
    }

    synchronized boolean isFull(long now, Limit limit) {
      refill(now, limit);
      return tokens >= limit.capacity();
    }

    private void refill(long now, Limit limit) {
      long elapsed = Math.max(0, now - updatedAt);
      tokens =
          Math.min(limit.capacity(), tokens + (double) elapsed / limit.refillEvery().toMillis());
      updatedAt = now;
    }
  }
}
