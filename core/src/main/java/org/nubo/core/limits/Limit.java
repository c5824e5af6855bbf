package org.nubo.core.limits;

import java.time.Duration;

/**
 * A token bucket: up to {@code capacity} actions at once, refilled at one action per {@code
 * refillEvery}.
 */
public record Limit(String name, int capacity, Duration refillEvery) {
  public Limit {
    if (capacity < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
      throw new IllegalArgumentException("limit " + name + " needs capacity >= 1 and a refill");
    }
  }
}
