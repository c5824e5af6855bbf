package org.nubo.client.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: 0.5 s doubling up to 30 s, each drawn uniformly from the upper half of its step
 * ("equal jitter"), so a fleet of phones that lost the server together does not return in lockstep,
 * while a single phone still backs off.
 */
public final class Backoff {
  private static final long BASE_MILLIS = 500;
  private static final long MAX_MILLIS = 30_000;

  private final DoubleSupplier random;
  private int failures;

  /** {@code random} returns values in [0, 1). */
  public Backoff(DoubleSupplier random) {
    this.random = random;
  }

  /** The delay before the next attempt; each call counts one more failure. */
  public Duration next() {
    long step = BASE_MILLIS << Math.min(failures, 6);
    long cap = Math.min(step, MAX_MILLIS);
    failures++;
    long half = cap / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (cap - half)));
  }

  /** Forgets past failures after a connection succeeded. */
  public void reset() {
    failures = 0;
  }
}
