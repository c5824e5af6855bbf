package org.nubo.core.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.nubo.core.MutableClock;
import org.nubo.core.RateLimited;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RateLimiter limiter =
      new RateLimiter(new Limit("test", 3, Duration.ofSeconds(10)), clock);

  @Test
  void aBurstUpToCapacityPassesThenTheNextWaitsForOneRefill() {
    limiter.acquire("k");
    limiter.acquire("k");
    limiter.acquire("k");

    assertThatThrownBy(() -> limiter.acquire("k"))
        .isInstanceOfSatisfying(
            RateLimited.class,
            e -> {
              assertThat(e.retryAfterSeconds()).isEqualTo(10);
              assertThat(e.code()).isEqualTo("rate_limited");
              assertThat(e.getMessage()).contains("test");
            });

    clock.advance(Duration.ofSeconds(10));
    limiter.acquire("k");
  }

  @Test
  void keysAreIndependentAndFullBucketsAreForgotten() {
    limiter.acquire("a", 3);
    limiter.acquire("b");
    assertThat(limiter.trackedKeys()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(30));
    limiter.sweep();

    assertThat(limiter.trackedKeys()).isZero();
  }
}
