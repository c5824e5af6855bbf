package org.nubo.cli.demo;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Bounded polling for conditions that other threads make true. */
public final class Await {
  private Await() {}

  /**
   * Polls {@code value} every 20 ms until it is non-empty or {@code timeout} passes.
   *
   * @throws IllegalStateException naming {@code what} on timeout
   */
  public static <T> T until(String what, Duration timeout, Supplier<java.util.Optional<T>> value) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      java.util.Optional<T> current = value.get();
      if (current.isPresent()) {
        return current.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  /** Waits until {@code condition} holds. */
  public static void until(
      String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    until(
        what,
        timeout,
        () ->
            condition.getAsBoolean()
                ? java.util.Optional.of(Boolean.TRUE)
                : java.util.Optional.empty());
  }
}
