package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.ServerFrame;

class ReachabilityTest {
  private final Harness h = new Harness();

  private static ServerFrame result(String number, boolean reachable) {
    return ServerFrame.newBuilder()
        .setProbeResult(
            ProbeResult.newBuilder()
                .setTarget(ByteString.copyFrom(AccountToken.parse(Harness.tokenOf(number)).bytes()))
                .setReachable(reachable))
        .build();
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
  void aProbeResultMakesTheContactBlueAndIsCachedForTenSeconds() {
    h.register();
    h.control.users.put(Harness.ALICE, Harness.tokenOf(Harness.ALICE));
    h.connect();

    CompletableFuture<Reachability> first = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();
    ClientFrame probe = h.framesOf(ClientFrame.BodyCase.PROBE).get(0);
    assertThat(AccountToken.of(probe.getProbe().getTarget().toByteArray()).text())
        .isEqualTo(Harness.tokenOf(Harness.ALICE));
    assertThat(first).isNotDone();

    h.feed(result(Harness.ALICE, true));

    assertThat(first).isCompletedWithValue(Reachability.BLUE);
    assertThat(h.eventsOf(NuboEvent.ReachabilityChanged.class))
        .containsExactly(new NuboEvent.ReachabilityChanged(Harness.ALICE, Reachability.BLUE));
    h.scheduler.advance(Duration.ofSeconds(9));
    assertThat(h.engine.reachability(Harness.ALICE, false)).isCompletedWithValue(Reachability.BLUE);
    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE)).hasSize(1);
  }

  @Test
  void aFreshCheckProbesAgainDespiteACachedAnswer() {
    h.register();
    h.control.users.put(Harness.ALICE, Harness.tokenOf(Harness.ALICE));
    h.connect();
    CompletableFuture<Reachability> first = h.engine.reachability(Harness.ALICE, false);
    h.scheduler.runDue();
    h.feed(result(Harness.ALICE, true));
    assertThat(first).isCompletedWithValue(Reachability.BLUE);

    CompletableFuture<Reachability> fresh = h.engine.reachability(Harness.ALICE, true);
    h.scheduler.runDue();

    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE)).hasSize(2);
    assertThat(fresh).isNotDone();
    h.feed(result(Harness.ALICE, false));
    assertThat(fresh).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void noResultWithinTheProbeWindowPlusTwoSecondsIsGray() {
    h.register();
    h.control.users.put(Harness.ALICE, Harness.tokenOf(Harness.ALICE));
    h.connect();

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
    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE)).isEmpty();
    assertThat(h.engine.reachability(Harness.BOB, false)).isCompletedWithValue(Reachability.GRAY);
  }

  @Test
  void everyProbeRequestIsAnswered() {
    h.register();
    h.connect();

    h.feed(
        ServerFrame.newBuilder().setProbeRequest(ProbeRequest.newBuilder().setProbeId(99)).build());

    assertThat(h.lastFrame().getProbeAnswer().getProbeId()).isEqualTo(99);
  }
}
