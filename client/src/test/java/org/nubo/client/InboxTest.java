package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.SmsTag;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Content;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

class InboxTest {
  private final Harness h = new Harness();

  InboxTest() {
    h.register();
    h.connect();
  }

  /** A sealed envelope from {@code from}'s phone, encrypted afresh. */
  private ServerFrame deliver(long deliveryId, long messageId, String from, String text) {
    return h.peer(from).deliver(Harness.ME, deliveryId, messageId, text);
  }

  private static ServerFrame withDeliveryId(ServerFrame frame, long deliveryId) {
    return frame.toBuilder()
        .setDeliver(frame.getDeliver().toBuilder().setDeliveryId(deliveryId))
        .build();
  }

  private List<Long> acked() {
    return h.framesOf(ClientFrame.BodyCase.ACK).stream()
        .map(f -> f.getAck().getDeliveryId())
        .toList();
  }

  private static ServerFrame settle(long deliveryId, Settle.Verdict verdict) {
    return ServerFrame.newBuilder()
        .setSettle(Settle.newBuilder().setDeliveryId(deliveryId).setVerdict(verdict))
        .build();
  }

  private List<InboxMessage> shown() {
    List<InboxMessage> shown = new ArrayList<>();
    for (NuboEvent.MessageReceived event : h.eventsOf(NuboEvent.MessageReceived.class)) {
      shown.add(event.message());
    }
    return shown;
  }

  @Test
  void aDeliveredEnvelopeIsAcknowledgedAndHeldUntilSettleSaysShow() {
    h.feed(deliver(7, 42, Harness.ALICE, "hello"));

    assertThat(h.lastFrame().getAck().getDeliveryId()).isEqualTo(7);
    assertThat(shown()).isEmpty();
    assertThat(h.engine.inbox()).isEmpty();

    h.feed(settle(7, Settle.Verdict.SHOW));

    assertThat(shown()).hasSize(1);
    InboxMessage message = shown().get(0);
    assertThat(message.from()).isEqualTo(Harness.ALICE);
    assertThat(message.text()).isEqualTo("hello");
    assertThat(message.via()).isEqualTo(Via.IP);
    assertThat(h.engine.inbox()).containsExactly(message);
  }

  @Test
  void aDroppedEnvelopeIsNeverShownAndItsSmsIs() {
    h.feed(deliver(7, 42, Harness.ALICE, "hello"));
    h.feed(settle(7, Settle.Verdict.DROP));
    h.feed(settle(7, Settle.Verdict.SHOW));
    assertThat(shown()).isEmpty();

    boolean shownSms = h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("hello", 42));

    assertThat(shownSms).isTrue();
    assertThat(shown()).extracting(InboxMessage::via).containsExactly(Via.SMS);
    assertThat(shown()).extracting(InboxMessage::text).containsExactly("hello");
  }

  @Test
  void theSmsCopyOfAMessageShownOverIpIsDropped() {
    h.feed(deliver(7, 42, Harness.ALICE, "once"));
    h.feed(settle(7, Settle.Verdict.SHOW));

    boolean shownSms = h.engine.onSmsReceived("(415) 555-0102", SmsTag.append("once", 42));

    assertThat(shownSms).isFalse();
    assertThat(shown()).hasSize(1);
  }

  @Test
  void anEnvelopeArrivingAfterItsSmsIsNotShownAgain() {
    h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("sms first", 42));

    h.feed(deliver(7, 42, Harness.ALICE, "sms first"));
    h.feed(settle(7, Settle.Verdict.SHOW));
    h.feed(deliver(8, 42, Harness.ALICE, "sms first"));
    h.feed(settle(8, Settle.Verdict.UNKNOWN));

    assertThat(shown()).extracting(InboxMessage::via).containsExactly(Via.SMS);
  }

  @Test
  void theSameMessageIdFromAnotherSenderIsAnotherMessage() {
    h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("a", 42));
    h.engine.onSmsReceived(Harness.BOB, SmsTag.append("b", 42));

    assertThat(shown()).hasSize(2);
  }

  @Test
  void untaggedSmsIsAlwaysShown() {
    assertThat(h.engine.onSmsReceived(Harness.ALICE, "plain")).isTrue();
    assertThat(h.engine.onSmsReceived(Harness.ALICE, "plain")).isTrue();

    assertThat(shown()).hasSize(2);
  }

  @Test
  void aRepeatedDeliverIsAcknowledgedAgainButShownOnce() {
    ServerFrame dup = deliver(7, 42, Harness.ALICE, "dup");
    h.feed(dup);
    h.feed(dup);
    h.feed(settle(7, Settle.Verdict.SHOW));
    h.feed(settle(7, Settle.Verdict.SHOW));

    assertThat(h.framesOf(ClientFrame.BodyCase.ACK)).hasSize(2);
    assertThat(shown()).hasSize(1);
  }

  @Test
  void afterReconnectHeldEnvelopesAreResolvedAndUnknownMeansShow() {
    h.feed(deliver(7, 42, Harness.ALICE, "held"));
    h.feed(deliver(8, 43, Harness.ALICE, "dropped"));
    h.engine.disconnected();
    h.frames.clear();

    h.connect();

    ClientFrame resolve = h.framesOf(ClientFrame.BodyCase.RESOLVE).get(0);
    assertThat(resolve.getResolve().getDeliveryIdsList()).containsExactly(7L, 8L);
    h.feed(
        ServerFrame.newBuilder()
            .setId(resolve.getId())
            .setReply(
                Reply.newBuilder()
                    .setStatus(200)
                    .setCode("ok")
                    .addSettled(
                        Settle.newBuilder().setDeliveryId(7).setVerdict(Settle.Verdict.UNKNOWN))
                    .addSettled(
                        Settle.newBuilder().setDeliveryId(8).setVerdict(Settle.Verdict.DROP)))
            .build());

    assertThat(shown()).extracting(InboxMessage::text).containsExactly("held");
  }

  @Test
  void aResolveVerdictThisSdkDoesNotKnowKeepsTheEnvelopeHeldInsteadOfShowingIt() {
    h.feed(deliver(7, 42, Harness.ALICE, "future verdict"));
    h.feed(deliver(8, 43, Harness.ALICE, "not mentioned"));
    h.engine.disconnected();
    h.frames.clear();

    h.connect();

    ClientFrame resolve = h.framesOf(ClientFrame.BodyCase.RESOLVE).get(0);
    h.feed(
        ServerFrame.newBuilder()
            .setId(resolve.getId())
            .setReply(
                Reply.newBuilder()
                    .setStatus(200)
                    .setCode("ok")
                    .addSettled(
                        Settle.newBuilder()
                            .setDeliveryId(7)
                            .setVerdict(Settle.Verdict.VERDICT_UNSPECIFIED)))
            .build());

    // 8 was not mentioned: UNKNOWN, shown. 7 got a verdict this SDK cannot read: still held.
    assertThat(shown()).extracting(InboxMessage::text).containsExactly("not mentioned");
    h.engine.disconnected();
    h.frames.clear();
    h.connect();
    assertThat(h.framesOf(ClientFrame.BodyCase.RESOLVE).get(0).getResolve().getDeliveryIdsList())
        .containsExactly(7L);
  }

  @Test
  void heldEnvelopesSurviveARestartAndAreResolvedOnTheNextConnection() {
    h.feed(deliver(7, 42, Harness.ALICE, "across restart"));

    h.restart();
    h.frames.clear();
    h.connect();

    ClientFrame resolve = h.framesOf(ClientFrame.BodyCase.RESOLVE).get(0);
    assertThat(resolve.getResolve().getDeliveryIdsList()).containsExactly(7L);
    h.feed(settle(7, Settle.Verdict.SHOW));
    assertThat(h.engine.inbox()).extracting(InboxMessage::text).containsExactly("across restart");
  }

  @Test
  void anEnvelopeNotSettledInTimeIsResolvedBeforeItIsShown() {
    h.feed(deliver(7, 42, Harness.ALICE, "slow"));
    h.frames.clear();

    h.scheduler.advance(Duration.ofSeconds(13));

    assertThat(h.framesOf(ClientFrame.BodyCase.RESOLVE)).hasSize(1);
    assertThat(shown()).isEmpty();
  }

  @Test
  void whatWasShownSurvivesARestart() {
    h.feed(deliver(7, 42, Harness.ALICE, "remembered"));
    h.feed(settle(7, Settle.Verdict.SHOW));

    h.restart();

    assertThat(h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("remembered", 42))).isFalse();
    assertThat(h.engine.inbox()).hasSize(1);
  }

  @Test
  void concurrentIpAndSmsArrivalsOfOneMessageShowItExactlyOnce() throws Exception {
    // Learn Alice's token first, so each envelope is held at once rather than after a lookup.
    assertThat(h.engine.safetyNumber(Harness.ALICE)).isEmpty();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 200; round++) {
        long messageId = 1_000L + round;
        long deliveryId = 5_000L + round;
        h.engine.frame(deliver(deliveryId, messageId, Harness.ALICE, "race"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          tasks.add(
              pool.submit(
                  () -> {
                    start.await();
                    h.engine.frame(settle(deliveryId, Settle.Verdict.SHOW));
                    return null;
                  }));
          tasks.add(
              pool.submit(
                  () -> {
                    start.await();
                    h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("race", messageId));
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> task : tasks) {
          task.get(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(shown()).hasSize(200);
    assertThat(h.engine.inbox()).hasSize(200);
  }

  @Test
  void aReplayedSealedEnvelopeIsNeitherAcknowledgedNorShownAgain() {
    ServerFrame original = deliver(7, 42, Harness.ALICE, "only once");
    h.feed(original);
    h.feed(settle(7, Settle.Verdict.SHOW));

    h.feed(withDeliveryId(original, 9));
    h.feed(settle(9, Settle.Verdict.SHOW));
    h.feed(settle(9, Settle.Verdict.UNKNOWN));

    assertThat(acked()).containsExactly(7L);
    assertThat(shown()).extracting(InboxMessage::text).containsExactly("only once");
  }

  @Test
  void anEnvelopeClaimingSomeoneElsesNumberIsNeitherAcknowledgedNorShown() {
    Peer bob = h.peer(Harness.BOB);
    h.peer(Harness.ALICE);

    h.feed(bob.deliver(Harness.ME, 7, 42, bob.content("it is me, Alice", Harness.ALICE)));
    h.feed(settle(7, Settle.Verdict.SHOW));

    assertThat(acked()).isEmpty();
    assertThat(shown()).isEmpty();
    assertThat(h.engine.onSmsReceived(Harness.ALICE, SmsTag.append("real", 42))).isTrue();
  }

  @Test
  void plainAndUnreadableEnvelopesAreNotAcknowledged() {
    Content clear = h.peer(Harness.ALICE).content("in clear", Harness.ALICE);
    h.feed(
        ServerFrame.newBuilder()
            .setDeliver(
                Deliver.newBuilder()
                    .setDeliveryId(7)
                    .setMessageId(42)
                    .setSender(
                        ByteString.copyFrom(
                            AccountToken.parse(Harness.tokenOf(Harness.ALICE)).bytes()))
                    .setPayload(clear.toByteString()))
            .build());
    h.feed(
        ServerFrame.newBuilder()
            .setDeliver(
                Deliver.newBuilder()
                    .setDeliveryId(8)
                    .setMessageId(43)
                    .setSealed(true)
                    .setPayload(ByteString.copyFromUtf8("not a sealed envelope")))
            .build());

    assertThat(acked()).isEmpty();
  }

  @Test
  void aReplyCarriesTheDeliveryTokenLearntFromTheSendersProfileKey() {
    h.feed(deliver(7, 42, Harness.ALICE, "write back"));
    int fetches = h.keys.fetches.get();

    h.engine.send(Harness.ALICE, "done");
    h.scheduler.runDue();

    ClientFrame reply = h.framesOf(ClientFrame.BodyCase.SEALED_SEND).get(0);
    assertThat(reply.getSealedSend().getDeliveryToken().size()).isEqualTo(16);
    assertThat(h.peer(Harness.ALICE).open(reply).getText()).isEqualTo("done");
    assertThat(h.keys.fetches.get()).as("the session came with Alice's message").isEqualTo(fetches);
  }
}
