package org.nubo.core.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nubo.core.InvalidRequest;
import org.nubo.core.MutableClock;
import org.nubo.core.NotFound;
import org.nubo.core.RateLimited;
import org.nubo.core.SessionGone;
import org.nubo.core.Unavailable;
import org.nubo.core.WrongCode;
import org.nubo.core.accounts.NumberTokens;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;

/** The carrier is outside the system, so it is the one part replaced, through its port. */
class VerificationsTest {
  private static final String NUMBER = "+14155550101";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> texts = new ArrayList<>();
  private boolean carrierDown;
  private final SmsGateway carrier =
      (to, text) -> {
        if (carrierDown) {
          throw new SmsGatewayException("carrier unreachable");
        }
        texts.add(to + "|" + text);
      };

  /** Any keyed function will do here; the server's is the OPRF. */
  private final NumberTokens tokens =
      e164 -> {
        byte[] token = new byte[32];
        byte[] digits = e164.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < digits.length; i++) {
          token[i % 32] ^= (byte) (digits[i] * (i + 1));
        }
        return org.nubo.protocol.AccountToken.of(token);
      };

  private final Verifications verifications =
      new Verifications(
          carrier,
          tokens,
          new RateLimiter(new Limit("per_number", 3, Duration.ofHours(1)), clock),
          new RateLimiter(new Limit("per_ip", 100, Duration.ofSeconds(1)), clock),
          clock,
          new SecureRandom());

  @Test
  void theRightCodeProvesTheNumberOnce() {
    String id = verifications.start("+1 (415) 555-0101", "ip").sessionId();

    assertThat(verifications.verify(id, lastCode())).isEqualTo(tokens.tokenOf(NUMBER));
    assertThatThrownBy(() -> verifications.verify(id, lastCode())).isInstanceOf(NotFound.class);
    assertThat(texts).singleElement().asString().startsWith(NUMBER + "|Your Nubo code is ");
  }

  @Test
  void fiveWrongCodesEndTheSession() {
    String id = verifications.start(NUMBER, "ip").sessionId();
    String wrong = lastCode().equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> verifications.verify(id, wrong)).isInstanceOf(WrongCode.class);
    }
    assertThatThrownBy(() -> verifications.verify(id, wrong)).isInstanceOf(SessionGone.class);
    String right = lastCode();
    assertThatThrownBy(() -> verifications.verify(id, right)).isInstanceOf(NotFound.class);
  }

  @Test
  void aResendDoesNotBuyMoreGuesses() {
    // Regression: resends used to reset the try counter, allowing five guesses per resend.
    String id = verifications.start(NUMBER, "ip").sessionId();
    String wrong = lastCode().equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> verifications.verify(id, wrong)).isInstanceOf(WrongCode.class);
    }
    clock.advance(Duration.ofMinutes(1));
    verifications.resend(id);
    String fresh = lastCode().equals("000000") ? "111111" : "000000";

    assertThatThrownBy(() -> verifications.verify(id, fresh)).isInstanceOf(SessionGone.class);
  }

  @Test
  void codesExpireAfterTenMinutes() {
    String id = verifications.start(NUMBER, "ip").sessionId();
    clock.advance(Duration.ofMinutes(10));

    assertThatThrownBy(() -> verifications.verify(id, lastCode())).isInstanceOf(SessionGone.class);
  }

  @Test
  void resendsAreSpacedOneTwoFiveThenTenMinutes() {
    String id = verifications.start(NUMBER, "ip").sessionId();
    for (Duration spacing :
        List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10))) {
      clock.advance(spacing.minusSeconds(1));
      assertThatThrownBy(() -> verifications.resend(id))
          .isInstanceOfSatisfying(
              RateLimited.class, e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
      clock.advance(Duration.ofSeconds(1));
      assertThat(verifications.resend(id).nextResendIn()).isPositive();
    }
    assertThat(texts).hasSize(6);
    assertThat(verifications.verify(id, lastCode())).isEqualTo(tokens.tokenOf(NUMBER));
  }

  @Test
  void aNumberGetsOnlyItsAllowanceOfSessions() {
    for (int i = 0; i < 3; i++) {
      verifications.start(NUMBER, "ip" + i);
    }
    assertThatThrownBy(() -> verifications.start(NUMBER, "another-ip"))
        .isInstanceOf(RateLimited.class);
  }

  @Test
  void invalidNumbersAndADownCarrierFailClearlyAndKeepNothing() {
    assertThatThrownBy(() -> verifications.start("555-0101", "ip"))
        .isInstanceOfSatisfying(
            InvalidRequest.class, e -> assertThat(e.code()).isEqualTo("invalid_number"));
    carrierDown = true;
    assertThatThrownBy(() -> verifications.start(NUMBER, "ip"))
        .isInstanceOfSatisfying(
            Unavailable.class, e -> assertThat(e.getMessage()).doesNotContain("555"));
    assertThat(verifications.sessionsInProgress()).isZero();
  }

  @Test
  void aResendTheCarrierFailsLeavesTheFirstCodeValid() {
    String id = verifications.start(NUMBER, "ip").sessionId();
    String first = lastCode();
    clock.advance(Duration.ofMinutes(1));
    carrierDown = true;

    assertThatThrownBy(() -> verifications.resend(id)).isInstanceOf(Unavailable.class);

    assertThat(verifications.verify(id, first)).isEqualTo(tokens.tokenOf(NUMBER));
  }

  private String lastCode() {
    Matcher m = Pattern.compile("code is (\\d{6})").matcher(texts.get(texts.size() - 1));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
