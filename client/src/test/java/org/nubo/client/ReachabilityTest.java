package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ProbeContent;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.ServerFrame;

/** Asking: sealed probes on the sealed socket, matched by nonce, cached for ten seconds. */
class ReachabilityTest {
  private final Harness h = new Harness();

  private static ServerFrame result(ClientFrame sealedProbe, boolean reachable) {
    return result(sealedProbe.getSealedProbe().getProbeNonce(), reachable);
  }

  private static ServerFrame result(long nonce, boolean reachable) {
    return ServerFrame.newBuilder()
        .setProbeResult(ProbeResult.newBuilder().setProbeNonce(nonce).setReachable(reachable))
        .build();
  }

  private ClientFrame lastSealedProbe() {
    var probes = h.framesOf(ClientFrame.BodyCase.SEALED_PROBE);
    return probes.get(probes.size() - 1);
  }

  private void connectedWithAlice() {
    h.register();
    h.peer(Harness.ALICE);
    h.connect();
  }

  @Test
  void grayAtOnceWhileMessagingIsOff() {
    assertThat(h.engine.reachability(Harness.ALICE, false)).isCompletedWithValue(Reachability.GRAY);
    assertThat(h.control.evaluated).isZero();
  }

  @Test
  void grayAtOnceWhileNotConnected() {
    h.register();

    assertThat(h.engine.reachability(Harness.ALICE, false)).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void aProbeIsSealedToTheContactAndNamesTheAskerToItsPhoneOnly() {
    connectedWithAlice();

    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();

    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE)).isEmpty();
    ClientFrame probe = lastSealedProbe();
    assertThat(probe.getSealedProbe().getProbeNonce()).isNotZero();
    assertThat(probe.getSealedProbe().getDeliveryToken().isEmpty()).isTrue(); // a stranger so far
    ProbeContent content = h.peer(Harness.ALICE).openProbe(probe);
    assertThat(content.getSenderNumber()).isEqualTo(Harness.ME);
    assertThat(content.getProfileKey().size()).isEqualTo(32);
    assertThat(probe.getSealedProbe().getPayload().toStringUtf8()).doesNotContain(Harness.ME);
    assertThat(answer).isNotDone();
  }

  @Test
  void aProbeResultWithItsNonceMakesTheContactBlueAndIsCachedForTenSeconds() {
    connectedWithAlice();

    CompletableFuture<Reachability> first = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();
    ClientFrame probe = lastSealedProbe();
    h.feedSealed(result(probe.getSealedProbe().getProbeNonce() + 1, true)); // not ours
    assertThat(first).isNotDone();

    h.feedSealed(result(probe, true));

    assertThat(first).isCompletedWithValue(Reachability.BLUE);
    assertThat(h.eventsOf(NuboEvent.ReachabilityChanged.class))
        .containsExactly(new NuboEvent.ReachabilityChanged(Harness.ALICE, Reachability.BLUE));
    h.scheduler.advance(Duration.ofSeconds(9));
    assertThat(h.engine.reachability(Harness.ALICE, false)).isCompletedWithValue(Reachability.BLUE);
    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_PROBE)).hasSize(1);
  }

  @Test
  void aFreshCheckProbesAgainWithANewNonceDespiteACachedAnswer() {
    connectedWithAlice();
    CompletableFuture<Reachability> first = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();
    ClientFrame earlier = lastSealedProbe();
    h.feedSealed(result(earlier, true));
    assertThat(first).isCompletedWithValue(Reachability.BLUE);

    CompletableFuture<Reachability> fresh = h.engine.reachability(Harness.ALICE, true);
    h.scheduler.runDue();

    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_PROBE)).hasSize(2);
    ClientFrame later = lastSealedProbe();
    assertThat(later.getSealedProbe().getProbeNonce())
        .isNotEqualTo(earlier.getSealedProbe().getProbeNonce());
    h.feedSealed(result(earlier, true)); // a late copy of the old result
    assertThat(fresh).isNotDone();
    h.feedSealed(result(later, false));
    assertThat(fresh).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void aResultOnTheAuthenticatedSocketIsIgnored() {
    connectedWithAlice();
    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();

    h.feed(result(lastSealedProbe(), true));

    assertThat(answer).isNotDone();
  }

  @Test
  void noResultWithinTheProbeWindowPlusTwoSecondsIsGray() {
    connectedWithAlice();

    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.advance(Duration.ofMillis(2_999));
    assertThat(answer).isNotDone();
    h.scheduler.advance(Duration.ofMillis(1));

    assertThat(answer).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void aNumberThatIsNotANuboUserIsGrayWithoutAProbe() {
    h.register();
    h.connect();

    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.BOB, false);
    h.scheduler.runDue();

    assertThat(answer).isCompletedWithValue(Reachability.GRAY);
    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_PROBE)).isEmpty();
    assertThat(h.engine.reachability(Harness.BOB, false)).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void aUserThatCannotBeSealedToIsGrayWithoutAProbe() {
    h.register();
    h.control.users.put(Harness.ALICE, Harness.tokenOf(Harness.ALICE)); // no keys in the directory
    h.connect();

    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();

    assertThat(answer).isCompletedWithValue(Reachability.GRAY);
    assertThat(h.framesOf(ClientFrame.BodyCase.SEALED_PROBE)).isEmpty();
    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE)).isEmpty();
  }

  @Test
  void grayWhileTheSealedSocketIsDown() {
    h.register();
    h.peer(Harness.ALICE);
    h.engine.connected(frame -> h.frames.add(frame));

    CompletableFuture<Reachability> answer = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();

    assertThat(answer).isCompletedWithValue(Reachability.GRAY);
    assertThat(h.frames).noneMatch(f -> f.hasSealedProbe() || f.hasProbe());
  }

  @Test
  void aConsentingAnswerTeachesTheAskersProfileKeySoLaterProbesCarryADeliveryToken() {
    connectedWithAlice();
    h.engine.addContact("Alice", Harness.ALICE);
    h.feed(h.peer(Harness.ALICE).probeRequest(Harness.ME, 5, Harness.ALICE));
    assertThat(h.lastFrame().getProbeAnswer().getProbeId()).isEqualTo(5);

    CompletableFuture<Reachability> unused = h.engine.reachability(Harness.ALICE, true);
    h.scheduler.runDue();

    assertThat(lastSealedProbe().getSealedProbe().getDeliveryToken().size()).isEqualTo(16);
  }

  @Test
  void aPlainProbeRequestIsNotAnswered() {
    h.register();
    h.connect();
    int before = h.frames.size();

    h.feed(
        ServerFrame.newBuilder().setProbeRequest(ProbeRequest.newBuilder().setProbeId(99)).build());

    assertThat(h.frames.subList(before, h.frames.size())).isEmpty();
  }
}
