package org.nubo.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubo.core.InvalidRequest;
import org.nubo.core.MutableClock;
import org.nubo.core.RateLimited;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;

class EvaluationsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final List<Integer> evaluated = new ArrayList<>();
  private final BlindEvaluator evaluator =
      new BlindEvaluator() {
        @Override
        public Evaluated evaluate(List<byte[]> blinded) {
          evaluated.add(blinded.size());
          return new Evaluated(blinded, new byte[64]);
        }

        @Override
        public byte[] publicKey() {
          return new byte[32];
        }
      };
  private final Evaluations evaluations =
      new Evaluations(
          evaluator,
          new RateLimiter(
              new Limit("evaluations_per_account", 2000, Duration.ofSeconds(864)), clock),
          new RateLimiter(new Limit("evaluations_per_ip", 5000, Duration.ofSeconds(2)), clock));

  @Test
  void anAccountGetsTwoThousandAtFirstThenAHundredADay() {
    DevicePrincipal alice = device(1);
    for (int i = 0; i < 2; i++) {
      evaluations.evaluate(alice, "ip", elements(1000));
    }
    assertThatThrownBy(() -> evaluations.evaluate(alice, "ip", elements(1)))
        .isInstanceOfSatisfying(
            RateLimited.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(864));

    clock.advance(Duration.ofDays(1));
    evaluations.evaluate(alice, "ip", elements(100));
    assertThatThrownBy(() -> evaluations.evaluate(alice, "ip", elements(1)))
        .isInstanceOf(RateLimited.class);
  }

  @Test
  void oneAddressCannotFeedManyAccountsAllowances() {
    evaluations.evaluate(device(1), "nat", elements(1000));
    evaluations.evaluate(device(2), "nat", elements(1000));
    evaluations.evaluate(device(3), "nat", elements(1000));
    evaluations.evaluate(device(4), "nat", elements(1000));
    evaluations.evaluate(device(5), "nat", elements(1000));

    assertThatThrownBy(() -> evaluations.evaluate(device(6), "nat", elements(1)))
        .isInstanceOf(RateLimited.class);
  }

  @Test
  void badBatchesAreRefusedBeforeAnyEvaluationOrCharge() {
    DevicePrincipal alice = device(1);
    List<byte[]> shortElement = new ArrayList<>(elements(3));
    shortElement.set(1, new byte[31]);

    assertThatThrownBy(() -> evaluations.evaluate(alice, "ip", Collections.emptyList()))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.code()).isEqualTo("empty_batch"));
    assertThatThrownBy(() -> evaluations.evaluate(alice, "ip", elements(1001)))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.code()).isEqualTo("batch_too_large"));
    assertThatThrownBy(() -> evaluations.evaluate(alice, "ip", shortElement))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.code()).isEqualTo("invalid_element"));
    assertThat(evaluated).isEmpty();
    evaluations.evaluate(alice, "ip", elements(1000));
    evaluations.evaluate(alice, "ip", elements(1000));
  }

  private static List<byte[]> elements(int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new byte[32]);
    }
    return out;
  }

  private static DevicePrincipal device(int n) {
    byte[] token = new byte[32];
    token[0] = (byte) n;
    return new DevicePrincipal(AccountToken.of(token), "device-" + n);
  }
}
