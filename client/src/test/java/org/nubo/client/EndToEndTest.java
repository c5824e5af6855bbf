package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.client.OutgoingMessage.Failure;
import org.nubo.client.OutgoingMessage.State;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.PreKeysLow;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

/**
 * Two engines with real Signal identities, a shared fake key directory, and this test as the relay
 * between their sockets: sessions, restarts, safety-number changes and keys.
 */
class EndToEndTest {
  private final ManualScheduler scheduler = new ManualScheduler(Harness.now());
  private final FakeKeys keys = new FakeKeys(scheduler.clock());
  private final Set<ClientFrame> relayed = new HashSet<>();
  private long nextDeliveryId = 100;

  private Harness phone(ClientStore store, String number) {
    Harness phone = new Harness(store, scheduler, keys, number);
    phone.register();
    phone.connect();
    return phone;
  }

  private static void knowEachOther(Harness a, Harness b) {
    a.control.users.put(b.number, Harness.tokenOf(b.number));
    b.control.users.put(a.number, Harness.tokenOf(a.number));
  }

  /**
   * The server's part: each sealed envelope {@code from} sent since the last call is delivered to
   * {@code to}; an Ack in time makes it DELIVERED and SHOW, no Ack makes it NOT_DELIVERED.
   */
  private void relay(Harness from, Harness to) {
    for (ClientFrame frame : from.framesOf(ClientFrame.BodyCase.SEALED_SEND)) {
      if (!relayed.add(frame)) {
        continue;
      }
      long deliveryId = nextDeliveryId++;
      from.feedSealed(
          ServerFrame.newBuilder()
              .setId(frame.getId())
              .setReply(Reply.newBuilder().setStatus(200).setCode("ok"))
              .build());
      to.feed(
          ServerFrame.newBuilder()
              .setDeliver(
                  Deliver.newBuilder()
                      .setDeliveryId(deliveryId)
                      .setMessageId(frame.getSealedSend().getMessageId())
                      .setSealed(true)
                      .setPayload(frame.getSealedSend().getPayload()))
              .build());
      boolean acked =
          to.framesOf(ClientFrame.BodyCase.ACK).stream()
              .anyMatch(f -> f.getAck().getDeliveryId() == deliveryId);
      Outcome.Decision decision =
          acked ? Outcome.Decision.DELIVERED : Outcome.Decision.NOT_DELIVERED;
      from.feedSealed(
          ServerFrame.newBuilder()
              .setOutcome(
                  Outcome.newBuilder()
                      .setMessageId(frame.getSealedSend().getMessageId())
                      .setDecision(decision))
              .build());
      to.feed(
          ServerFrame.newBuilder()
              .setSettle(
                  Settle.newBuilder()
                      .setDeliveryId(deliveryId)
                      .setVerdict(acked ? Settle.Verdict.SHOW : Settle.Verdict.DROP))
              .build());
    }
  }

  private OutgoingMessage send(Harness from, Harness to, String text) {
    OutgoingMessage message = from.engine.send(to.number, text);
    scheduler.runDue();
    relay(from, to);
    return from.message(message.id());
  }

  private static List<String> shown(Harness phone) {
    return phone.engine.inbox().stream().map(InboxMessage::text).toList();
  }

  /**
   * The server's part for a probe: {@code from}'s last SealedProbe goes to {@code to} as a sealed
   * ProbeRequest; an answer makes the result reachable at once, silence makes it unreachable (the
   * window's end, which the test does not wait for).
   */
  private Reachability probe(Harness from, Harness to) {
    CompletableFuture<Reachability> answer = from.engine.reachability(to.number, true);
    scheduler.runDue();
    List<ClientFrame> probes = from.framesOf(ClientFrame.BodyCase.SEALED_PROBE);
    ClientFrame probe = probes.get(probes.size() - 1);
    long probeId = nextDeliveryId++;
    int before = to.frames.size();
    to.feed(
        ServerFrame.newBuilder()
            .setProbeRequest(
                ProbeRequest.newBuilder()
                    .setProbeId(probeId)
                    .setSealed(true)
                    .setPayload(probe.getSealedProbe().getPayload()))
            .build());
    boolean answered =
        to.frames.subList(before, to.frames.size()).stream()
            .anyMatch(f -> f.hasProbeAnswer() && f.getProbeAnswer().getProbeId() == probeId);
    from.feedSealed(
        ServerFrame.newBuilder()
            .setProbeResult(
                ProbeResult.newBuilder()
                    .setProbeNonce(probe.getSealedProbe().getProbeNonce())
                    .setReachable(answered))
            .build());
    assertThat(answer).isDone();
    return answer.join();
  }

  @Test
  void aContactSeesBlueAStrangerGrayUntilTheOwnerSharesWithEveryone() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    Harness alice = phone(ClientStore.inMemory(), Harness.ALICE);
    Harness bob = phone(ClientStore.inMemory(), Harness.BOB);
    knowEachOther(me, alice);
    knowEachOther(me, bob);
    me.engine.addContact("Alice", Harness.ALICE);

    assertThat(probe(alice, me)).isEqualTo(Reachability.BLUE);
    assertThat(probe(bob, me)).isEqualTo(Reachability.GRAY);

    me.engine.setPresenceSharing(PresenceSharing.EVERYONE);
    assertThat(probe(bob, me)).isEqualTo(Reachability.BLUE);

    me.engine.setPresenceSharing(PresenceSharing.NOBODY);
    assertThat(probe(alice, me)).isEqualTo(Reachability.GRAY);
  }

  @Test
  void sessionsSurviveRestartsOfBothPhonesInBothDirections(@TempDir Path dir) {
    Harness me = phone(new FileClientStore(dir.resolve("me")), Harness.ME);
    Harness alice = phone(new FileClientStore(dir.resolve("alice")), Harness.ALICE);
    knowEachOther(me, alice);

    assertThat(send(me, alice, "one").state()).isEqualTo(State.DELIVERED_IP);
    assertThat(send(alice, me, "two").state()).isEqualTo(State.DELIVERED_IP);
    int fetches = keys.fetches.get();

    me.restart();
    alice.restart();
    me.connect();
    alice.connect();

    assertThat(send(me, alice, "three").state()).isEqualTo(State.DELIVERED_IP);
    assertThat(send(alice, me, "four").state()).isEqualTo(State.DELIVERED_IP);
    assertThat(send(me, alice, "five").state()).isEqualTo(State.DELIVERED_IP);
    assertThat(keys.fetches.get()).as("no new bundle after the restarts").isEqualTo(fetches);
    assertThat(shown(alice)).containsExactly("one", "three", "five");
    assertThat(shown(me)).containsExactly("two", "four");
    assertThat(me.sms.sent).isEmpty();
    assertThat(alice.sms.sent).isEmpty();
  }

  @Test
  void aChangedIdentityIsShownSentToBySmsUntilAcceptedThenOverIpAgain() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    Harness alice = phone(ClientStore.inMemory(), Harness.ALICE);
    knowEachOther(me, alice);
    send(me, alice, "before");
    String before = me.engine.safetyNumber(Harness.ALICE).orElseThrow();
    assertThat(alice.engine.safetyNumber(Harness.ME)).contains(before);

    // Alice reinstalls: the same number registers again with a new identity, and writes first.
    Harness reinstalled = phone(ClientStore.inMemory(), Harness.ALICE);
    knowEachOther(me, reinstalled);
    assertThat(send(reinstalled, me, "new phone").state()).isEqualTo(State.DELIVERED_IP);

    assertThat(shown(me)).containsExactly("new phone");
    assertThat(me.eventsOf(NuboEvent.SafetyNumberChanged.class))
        .containsExactly(new NuboEvent.SafetyNumberChanged(Harness.ALICE));
    String after = me.engine.safetyNumber(Harness.ALICE).orElseThrow();
    assertThat(after).isNotEqualTo(before);
    assertThat(reinstalled.engine.safetyNumber(Harness.ME)).contains(after);

    OutgoingMessage held = send(me, reinstalled, "not over IP yet");
    assertThat(held.state()).isEqualTo(State.SENT_SMS);
    me.engine.setSmsFallback(Harness.ALICE, false);
    OutgoingMessage refused = send(me, reinstalled, "nor by SMS");
    assertThat(refused.state()).isEqualTo(State.FAILED);
    assertThat(refused.failure()).isEqualTo(Failure.SMS_FALLBACK_OFF);
    assertThat(me.framesOf(ClientFrame.BodyCase.SEALED_SEND)).hasSize(1); // only "before"

    me.engine.acceptSafetyNumber(Harness.ALICE);
    assertThat(send(me, reinstalled, "accepted").state()).isEqualTo(State.DELIVERED_IP);
    assertThat(shown(reinstalled)).containsExactly("accepted");
  }

  @Test
  void keysAreToppedUpWhenTheServerSaysTheyRunLowAndOnConnect() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    String token = Harness.tokenOf(Harness.ME);
    assertThat(keys.preKeysOf(token)).isEqualTo(E2e.PRE_KEYS);

    keys.drain(token, 3);
    me.feed(
        ServerFrame.newBuilder()
            .setPrekeysLow(PreKeysLow.newBuilder().setEcRemaining(3).setKyberRemaining(20))
            .build());
    assertThat(keys.preKeysOf(token)).isEqualTo(E2e.PRE_KEYS);

    keys.drain(token, 0);
    me.engine.disconnected();
    me.connect();
    assertThat(keys.preKeysOf(token)).isEqualTo(E2e.PRE_KEYS);
  }

  @Test
  void theSenderCertificateIsRefreshedWhenLessThanTwelveHoursAreLeft() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    Harness alice = phone(ClientStore.inMemory(), Harness.ALICE);
    knowEachOther(me, alice);

    scheduler.advance(Duration.ofHours(30)); // the first certificate (24 h) has expired
    me.engine.disconnected();
    me.connect();
    alice.engine.disconnected();
    alice.connect();

    assertThat(send(me, alice, "still valid").state()).isEqualTo(State.DELIVERED_IP);
  }

  @Test
  void turningMessagingOffForgetsTheIdentity() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    byte[] identity = me.store.read("signal-identity").orElseThrow();

    me.engine.disableMessaging();

    assertThat(me.store.read("signal-identity")).isEmpty();
    assertThat(me.store.read("signal-prekeys")).isEmpty();
    assertThat(me.engine.safetyNumber(Harness.ALICE)).isEmpty();
    assertThatThrownBy(() -> me.engine.acceptSafetyNumber(Harness.ALICE))
        .isInstanceOf(NuboException.class);
    me.register();
    assertThat(me.store.read("signal-identity").orElseThrow()).isNotEqualTo(identity);
  }

  @Test
  void closingLeavesNothingWaitingOnTheAppsScheduler() {
    // An app that passes its own scheduler keeps it after the client is closed: a timer left on it
    // (the next ping on each socket) would keep the closed client alive until it fires.
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    assertThat(scheduler.waitingTasks()).as("the pings of both sockets").isPositive();

    me.engine.close();

    assertThat(scheduler.waitingTasks()).isZero();
  }

  @Test
  void aReconnectReplacesThePingsAndClosingStillLeavesNothingWaiting() {
    Harness me = phone(ClientStore.inMemory(), Harness.ME);
    long pings = scheduler.waitingTasks();

    for (int i = 0; i < 3; i++) {
      me.engine.disconnected();
      me.engine.sealedDisconnected();
      me.connect();
    }
    assertThat(scheduler.waitingTasks())
        .as("one ping per socket, not one per connection")
        .isEqualTo(pings);

    me.engine.close();

    assertThat(scheduler.waitingTasks()).isZero();
  }
}
