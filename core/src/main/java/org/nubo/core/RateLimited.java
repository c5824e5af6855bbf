package org.nubo.core;

import java.time.Duration;

/** A named limit is exhausted; the caller may try again after {@link #retryAfter()}. */
public final class RateLimited extends CoreException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public RateLimited(String limitName, Duration retryAfter) {
    super(
        "rate_limited",
        "too many requests (" + limitName + "); try again in " + seconds(retryAfter) + " s");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whole seconds, rounded up, at least 1: what a Retry-After header carries. */
  public long retryAfterSeconds() {
    return seconds(retryAfter);
  }

  private static long seconds(Duration d) {
    long s = (d.toMillis() + 999) / 1000;
    return Math.max(1, s);
  }
}
