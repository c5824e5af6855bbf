package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.nubo.client.OutgoingMessage.Failure;
import org.nubo.client.OutgoingMessage.State;
import org.nubo.protocol.SmsTag;

class SmsFallbackTest {
  private final Harness h = new Harness();

  @Test
  void fallbackIsOnByDefaultAndEveryMessageSaysWhetherACarrierCouldReadIt() {
    assertThat(h.engine.settings().smsFallback()).isTrue();
    assertThat(h.engine.settings().smsFallbackTo(Harness.ALICE)).isTrue();

    OutgoingMessage message = h.engine.send(Harness.ALICE, "by sms");
    assertThat(message.readableByCarrier()).isFalse();
    h.scheduler.runDue();

    OutgoingMessage sent = h.message(message.id());
    assertThat(sent.state()).isEqualTo(State.SENT_SMS);
    assertThat(sent.readableByCarrier()).isTrue();
    assertThat(sent.failure()).isEqualTo(Failure.NONE);
  }

  @Test
  void globallyOffAMessageThatCannotGoOverIpFailsAndNoSmsLeaves() {
    h.engine.setSmsFallback(false);

    OutgoingMessage message = h.engine.send(Harness.ALICE, "never in clear");
    h.scheduler.runDue();

    OutgoingMessage failed = h.message(message.id());
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.failure()).isEqualTo(Failure.SMS_FALLBACK_OFF);
    assertThat(failed.readableByCarrier()).isFalse();
    assertThat(h.sms.sent).isEmpty();
  }

  @Test
  void offForOneConversationHoldsBackOnlyThatConversation() {
    h.register();
    h.connect();
    h.engine.setSmsFallback("(415) 555-0102", false);
    assertThat(h.engine.settings().noSmsFallback()).containsExactly(Harness.ALICE);

    OutgoingMessage toAlice = h.engine.send(Harness.ALICE, "for alice");
    OutgoingMessage toBob = h.engine.send(Harness.BOB, "for bob");
    // Neither is a Nubo user: both cannot go over IP.
    h.scheduler.advance(Duration.ofSeconds(30));

    assertThat(h.message(toAlice.id()).failure()).isEqualTo(Failure.SMS_FALLBACK_OFF);
    assertThat(h.message(toBob.id()).state()).isEqualTo(State.SENT_SMS);
    assertThat(h.sms.sent)
        .containsExactly(Harness.BOB + ": " + SmsTag.append("for bob", toBob.id()));
  }

  @Test
  void theSwitchesSurviveARestart() {
    h.engine.setSmsFallback(false);
    h.engine.setSmsFallback(Harness.ALICE, false);

    h.restart();

    assertThat(h.engine.settings().smsFallback()).isFalse();
    assertThat(h.engine.settings().noSmsFallback()).containsExactly(Harness.ALICE);
    h.engine.setSmsFallback(true);
    h.engine.setSmsFallback(Harness.ALICE, true);
    h.restart();
    assertThat(h.engine.settings().smsFallbackTo(Harness.ALICE)).isTrue();
  }

  @Test
  void theUserCanSendAHeldBackMessageAsSmsAfterAllWithTheSameTag() {
    h.engine.setSmsFallback(false);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "changed my mind");
    h.scheduler.runDue();

    OutgoingMessage retried = h.engine.retryAsSms(message.id());
    h.scheduler.runDue();

    assertThat(retried.state()).isEqualTo(State.SENDING);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
    assertThat(h.sms.sent)
        .containsExactly(Harness.ALICE + ": " + SmsTag.append("changed my mind", message.id()));
  }

  @Test
  void onlyAFailedMessageCanBeRetried() {
    OutgoingMessage message = h.engine.send(Harness.ALICE, "fine");
    h.scheduler.runDue();

    assertThatThrownBy(() -> h.engine.retryAsSms(message.id()))
        .isInstanceOf(NuboException.class)
        .extracting(e -> ((NuboException) e).code())
        .isEqualTo("not_failed");
    assertThatThrownBy(() -> h.engine.retryAsSms(42))
        .extracting(e -> ((NuboException) e).code())
        .isEqualTo("no_such_message");
  }
}
