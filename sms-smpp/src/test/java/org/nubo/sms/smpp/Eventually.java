package org.nubo.sms.smpp;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition that other threads make true, with a deadline so a test cannot hang. */
final class Eventually {
  private Eventually() {}

  static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(10), condition);
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + " waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
