package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubo.client.OutgoingMessage.State;
import org.nubo.protocol.SmsTag;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Content;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.ServerFrame;

class OutboxTest {
  private final Harness h = new Harness();

  private Peer readyToSendTo(String number) {
    h.register();
    Peer peer = h.peer(number);
    h.connect();
    return peer;
  }

  private static ServerFrame outcome(long id, Outcome.Decision decision) {
    return ServerFrame.newBuilder()
        .setOutcome(Outcome.newBuilder().setMessageId(id).setDecision(decision))
        .build();
  }

  private static ServerFrame reply(long frameId, int status, String code) {
    return ServerFrame.newBuilder()
        .setId(frameId)
        .setReply(Reply.newBuilder().setStatus(status).setCode(code))
        .build();
  }

  private List<State> finalStatesOf(long id) {
    return h.eventsOf(NuboEvent.MessageUpdated.class).stream()
        .map(NuboEvent.MessageUpdated::message)
        .filter(m -> m.id() == id && m.isFinal())
        .map(OutgoingMessage::state)
        .toList();
  }

  @Test
  void withMessagingOffEveryMessageGoesBySmsWithItsTag() {
    OutgoingMessage message = h.engine.send("(415) 555-0102", "hi");
    h.scheduler.runDue();

    assertThat(message.to()).isEqualTo(Harness.ALICE);
    assertThat(h.sms.sent)
        .containsExactly(Harness.ALICE + ": " + SmsTag.append("hi", message.id()));
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
    assertThat(h.message(message.id()).via()).isEqualTo(Via.SMS);
    assertThat(h.connector.opens).isZero();
    assertThat(h.control.evaluated).isZero();
  }

  @Test
  void aDeliveredOutcomeEndsTheMessageOverIpWithoutSms() throws Exception {
    Peer alice = readyToSendTo(Harness.ALICE);

    OutgoingMessage message = h.engine.send(Harness.ALICE, "over ip");
    h.scheduler.runDue();

    assertThat(h.framesOf(ClientFrame.BodyCase.SEND)).isEmpty();
    ClientFrame send = h.framesOf(ClientFrame.BodyCase.SEALED_SEND).get(0);
    assertThat(send.getSealedSend().getMessageId()).isEqualTo(message.id());
    assertThat(send.getSealedSend().getPayload().toStringUtf8()).doesNotContain("over ip");
    Content content = alice.open(send);
    assertThat(content.getText()).isEqualTo("over ip");
    assertThat(content.getSenderNumber()).isEqualTo(Harness.ME);
    assertThat(content.getProfileKey().size()).isEqualTo(32);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENDING);

    h.feedSealed(reply(send.getId(), 200, "ok"));
    h.feedSealed(outcome(message.id(), Outcome.Decision.DELIVERED));
    h.scheduler.advance(Duration.ofMinutes(1));

    assertThat(h.message(message.id()).state()).isEqualTo(State.DELIVERED_IP);
    assertThat(h.sms.sent).isEmpty();
    assertThat(finalStatesOf(message.id())).containsExactly(State.DELIVERED_IP);
  }

  @Test
  void notDeliveredFallsBackToSmsOnce() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "fallback");
    h.scheduler.runDue();

    h.feedSealed(outcome(message.id(), Outcome.Decision.NOT_DELIVERED));
    h.feedSealed(outcome(message.id(), Outcome.Decision.NOT_DELIVERED));
    h.feedSealed(outcome(message.id(), Outcome.Decision.DELIVERED));
    h.scheduler.advance(Duration.ofMinutes(1));

    assertThat(h.sms.sent).hasSize(1);
    assertThat(finalStatesOf(message.id())).containsExactly(State.SENT_SMS);
  }

  @Test
  void anErrorReplyToSendFallsBackAtOnceAndForgetsTheToken() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "gone");
    h.scheduler.runDue();
    ClientFrame send = h.framesOf(ClientFrame.BodyCase.SEALED_SEND).get(0);

    h.feedSealed(reply(send.getId(), 404, "unknown_recipient"));

    assertThat(h.sms.sent).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
    h.control.users.clear();
    h.engine.send(Harness.ALICE, "again");
    h.scheduler.runDue();
    // The token was evaluated once and cached; the filter was fetched again after the 404.
    assertThat(h.control.evaluated).isEqualTo(1);
    assertThat(h.control.filterFetches).isEqualTo(2);
    assertThat(h.sms.sent).hasSize(2);
  }

  @Test
  void noOutcomeWithinTheWindowPlusTwoSecondsMeansSms() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "silence");
    h.scheduler.runDue();

    h.scheduler.advance(Duration.ofMillis(4_999));
    assertThat(h.sms.sent).isEmpty();
    h.scheduler.advance(Duration.ofMillis(1));

    assertThat(h.sms.sent).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
  }

  @Test
  void anOutcomeAfterTheFallbackDoesNotChangeTheFinalState() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "late");
    h.scheduler.runDue();
    h.scheduler.advance(Duration.ofSeconds(6));

    h.feedSealed(outcome(message.id(), Outcome.Decision.DELIVERED));

    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
    assertThat(finalStatesOf(message.id())).containsExactly(State.SENT_SMS);
  }

  @Test
  void aRecipientWhoIsNotANuboUserGetsAnSmsAtOnce() {
    h.register();
    h.connect();

    OutgoingMessage message = h.engine.send(Harness.BOB, "plain sms");
    h.scheduler.runDue();

    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_SEND)).isEmpty();
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
  }

  @Test
  void notConnectedForTheWholeWindowMeansSms() {
    h.register();
    h.peer(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "offline");
    h.scheduler.runDue();
    assertThat(h.message(message.id()).state()).isEqualTo(State.QUEUED);

    h.scheduler.advance(Duration.ofSeconds(5));

    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
    assertThat(h.frames).isEmpty();
  }

  @Test
  void aConnectionThatOpensWithinTheWindowCarriesTheQueuedMessage() {
    h.register();
    h.peer(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "soon online");
    h.scheduler.runDue();
    h.scheduler.advance(Duration.ofSeconds(1));

    h.connect();

    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_SEND)).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENDING);
  }

  @Test
  void aFailingSmsTransportMakesTheMessageFailed() {
    h.sms.failing = true;

    OutgoingMessage message = h.engine.send(Harness.ALICE, "no signal");
    h.scheduler.runDue();

    assertThat(h.message(message.id()).state()).isEqualTo(State.FAILED);
    assertThat(finalStatesOf(message.id())).containsExactly(State.FAILED);
  }

  @Test
  void aMessageLeftSendingAtRestartFallsBackToSmsWhenItsDeadlineHasPassed() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "crash");
    h.scheduler.runDue();
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENDING);

    Harness.RecordingSms sms = h.sms;
    h.scheduler.shutdownNow(); // the old process's timers die with it
    h.scheduler.advance(Duration.ofSeconds(30));
    h.restart();
    h.scheduler.runDue();

    assertThat(sms.sent).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
  }

  @Test
  void aMessageLeftSendingAtRestartWaitsForItsDeadline() {
    readyToSendTo(Harness.ALICE);
    OutgoingMessage message = h.engine.send(Harness.ALICE, "crash early");
    h.scheduler.runDue();
    h.scheduler.shutdownNow();

    h.restart();
    h.scheduler.advance(Duration.ofSeconds(4));
    assertThat(h.sms.sent).isEmpty();
    h.scheduler.advance(Duration.ofSeconds(1));

    assertThat(h.sms.sent).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
  }

  @Test
  void finalStatesSurviveRestartAndAreNotSentAgain() {
    OutgoingMessage message = h.engine.send(Harness.ALICE, "done");
    h.scheduler.runDue();

    h.restart();
    h.scheduler.advance(Duration.ofMinutes(1));

    assertThat(h.sms.sent).hasSize(1);
    assertThat(h.message(message.id()).state()).isEqualTo(State.SENT_SMS);
  }

  @Test
  void aBadNumberIsRefusedWithACode() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.engine.send("12", "x"))
        .isInstanceOf(InvalidNumberException.class)
        .extracting(e -> ((NuboException) e).code())
        .isEqualTo("invalid_number");
  }
}
