package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nubo.client.internal.Backoff;

class BackoffTest {
  @Test
  void delaysDoubleFromHalfASecondUpToThirtySeconds() {
    Backoff highest = new Backoff(() -> 0.999_999);
    long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
    for (long millis : expected) {
      assertThat(highest.next().toMillis()).isBetween(millis - 1, millis);
    }
  }

  @Test
  void jitterKeepsEachDelayInTheUpperHalfOfItsStep() {
    Backoff lowest = new Backoff(() -> 0.0);
    assertThat(lowest.next()).isEqualTo(Duration.ofMillis(250));
    assertThat(lowest.next()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void resetStartsOverAfterASuccess() {
    Backoff backoff = new Backoff(() -> 0.999_999);
    backoff.next();
    backoff.next();

    backoff.reset();

    assertThat(backoff.next().toMillis()).isBetween(499L, 500L);
  }
}
