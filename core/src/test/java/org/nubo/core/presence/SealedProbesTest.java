package org.nubo.core.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nubo.core.Fakes.device;
import static org.nubo.core.Fakes.limiter;
import static org.nubo.core.Fakes.token;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.RateLimited;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeliveryTokens;
import org.nubo.core.relay.RelayMetrics;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.SealedProbe;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Sealed probes on a timer the test fires by hand: every probe's end is scheduled exactly one
 * window after it arrived, and nothing but an answer pushes a result before that.
 */
class SealedProbesTest {
  private static final Duration WINDOW = Duration.ofMillis(800);
  private static final byte[] BOBS_KEY = new byte[16];
  private static final ServerFrame ACCEPTED =
      ServerFrame.newBuilder().setId(1).setReply(Reply.newBuilder().setStatus(200)).build();

  static {
    Arrays.fill(BOBS_KEY, (byte) 7);
  }

  private final ManualTimer timer = new ManualTimer();
  private final Connections connections = new Connections(RelayMetrics.NONE);
  private final AccountToken bob = token(2);
  private final RelayProbes probes =
      new RelayProbes(connections, timer, WINDOW, limiter("probes_per_device", 100), 1);
  private final List<ServerFrame> toBob = new CopyOnWriteArrayList<>();
  private final List<ServerFrame> toAsker = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private SealedProbes sealed(int perIp, int perTarget, int strangers) {
    DeliveryTokens tokens = (target, token) -> target.equals(bob) && Arrays.equals(token, BOBS_KEY);
    return new SealedProbes(
        probes,
        tokens,
        limiter("sealed_probes_per_ip", perIp),
        limiter("sealed_probes_per_target", perTarget),
        limiter("sealed_probe_strangers_per_target", strangers));
  }

  @Test
  void aConsentingTargetMakesTheProbeReachableAtOnceWithItsAnswer() {
    connections.add(device(bob, toBob));

    sealed(10, 10, 10).probe(toAsker::add, "ip", probe(bob, 77, BOBS_KEY), ACCEPTED);

    assertThat(toAsker).containsExactly(ACCEPTED);
    ProbeRequest request = toBob.get(0).getProbeRequest();
    assertThat(request.getSealed()).isTrue();
    assertThat(request.getPayload().toStringUtf8()).isEqualTo("sealed probe");
    probes.answer(device(bob, toBob), answer(request.getProbeId(), "sealed answer"));

    ProbeResult result = toAsker.get(1).getProbeResult();
    assertThat(result.getReachable()).isTrue();
    assertThat(result.getProbeNonce()).isEqualTo(77);
    assertThat(result.getTarget().isEmpty()).isTrue();
    assertThat(result.getPayload().toStringUtf8()).isEqualTo("sealed answer");
    timer.fireAll();
    assertThat(toAsker).hasSize(2);
    assertThat(probes.probesInMemory()).isZero();
  }

  @Test
  void everyUnansweredProbeEndsTheSameWayExactlyOneWindowAfterItArrived() {
    connections.add(device(bob, toBob));
    AccountToken offline = token(3);
    SealedProbes admission = sealed(100, 100, 1);
    List<List<ServerFrame>> askers = new ArrayList<>();
    List<SealedProbe> cases =
        List.of(
            probe(bob, 5, BOBS_KEY), // Bob's phone refuses (never answers)
            probe(bob, 5, new byte[0]), // a stranger, within the stranger bucket; also refused
            probe(bob, 5, new byte[0]), // a stranger over the bucket: never forwarded
            probe(bob, 5, new byte[16]), // a wrong delivery token: never forwarded
            probe(offline, 5, new byte[0]), // no connected device
            probe(token(9), 5, BOBS_KEY)); // no such account
    for (SealedProbe probe : cases) {
      List<ServerFrame> asker = new CopyOnWriteArrayList<>();
      askers.add(asker);
      admission.probe(asker::add, "ip", probe, ACCEPTED);
    }

    assertThat(toBob).hasSize(2);
    assertThat(timer.delays()).hasSize(cases.size()).containsOnly(WINDOW.toNanos());
    assertThat(askers).allSatisfy(frames -> assertThat(frames).containsExactly(ACCEPTED));
    timer.fireAll();

    ServerFrame unreachable = askers.get(0).get(1);
    assertThat(unreachable.getProbeResult().getReachable()).isFalse();
    assertThat(unreachable.getProbeResult().getProbeNonce()).isEqualTo(5);
    assertThat(askers)
        .allSatisfy(frames -> assertThat(frames).containsExactly(ACCEPTED, unreachable));
    assertThat(probes.probesInMemory()).isZero();
  }

  @Test
  void onlyADeviceOfTheTargetMayAnswerAndOnlyAProbeItWasAsked() {
    List<ServerFrame> toMallory = new CopyOnWriteArrayList<>();
    connections.add(device(bob, toBob));
    SealedProbes admission = sealed(10, 10, 10);
    admission.probe(toAsker::add, "ip", probe(bob, 1, BOBS_KEY), ACCEPTED);
    long asked = toBob.get(0).getProbeRequest().getProbeId();
    admission.probe(toAsker::add, "ip", probe(bob, 2, new byte[16]), ACCEPTED);

    probes.answer(device(token(4), toMallory), answer(asked, "mallory"));
    probes.answer(device(bob, toBob), answer(asked + 1, "never asked"));

    assertThat(toAsker).containsExactly(ACCEPTED, ACCEPTED);
    timer.fireAll();
    assertThat(toAsker.subList(2, 4))
        .allSatisfy(frame -> assertThat(frame.getProbeResult().getReachable()).isFalse());
  }

  @Test
  void theTargetsBucketIsSilentAndOnlyAdmittedProbesSpendIt() {
    connections.add(device(bob, toBob));
    SealedProbes admission = sealed(100, 2, 100);
    admission.probe(toAsker::add, "ip", probe(bob, 1, new byte[16]), ACCEPTED);
    admission.probe(toAsker::add, "ip", probe(bob, 2, BOBS_KEY), ACCEPTED);
    admission.probe(toAsker::add, "ip", probe(bob, 3, BOBS_KEY), ACCEPTED);
    admission.probe(toAsker::add, "ip", probe(bob, 4, BOBS_KEY), ACCEPTED);

    assertThat(toBob).hasSize(2);
    assertThat(toAsker).containsOnly(ACCEPTED).hasSize(4);
  }

  @Test
  void oneAddressIsRefusedOutLoudBeforeAnythingStarts() {
    SealedProbes admission = sealed(1, 10, 10);
    admission.probe(toAsker::add, "ip", probe(bob, 1, BOBS_KEY), ACCEPTED);

    assertThatThrownBy(() -> admission.probe(toAsker::add, "ip", probe(bob, 2, BOBS_KEY), ACCEPTED))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("sealed_probes_per_ip");
    assertThat(timer.delays()).hasSize(1);
    assertThat(toAsker).containsExactly(ACCEPTED);
  }

  @Test
  void aFailingTokenCheckNeitherAnswersTwiceNorEarly() {
    connections.add(device(bob, toBob));
    SealedProbes admission =
        new SealedProbes(
            probes,
            (target, token) -> {
              throw new IllegalStateException("storage is down");
            },
            limiter("sealed_probes_per_ip", 10),
            limiter("sealed_probes_per_target", 10),
            limiter("sealed_probe_strangers_per_target", 10));

    admission.probe(toAsker::add, "ip", probe(bob, 6, BOBS_KEY), ACCEPTED);

    assertThat(toAsker).containsExactly(ACCEPTED);
    assertThat(toBob).isEmpty();
    timer.fireAll();
    assertThat(toAsker.get(1).getProbeResult().getReachable()).isFalse();
  }

  @Test
  void aPlainProbeStillWorksAndRelaysNoAnswerPayload() {
    List<ServerFrame> toAlice = new CopyOnWriteArrayList<>();
    connections.add(device(bob, toBob));

    probes.probe(device(token(1), toAlice), bob);
    ProbeRequest request = toBob.get(0).getProbeRequest();
    probes.answer(device(bob, toBob), answer(request.getProbeId(), "ignored"));

    assertThat(request.getSealed()).isFalse();
    ProbeResult result = toAlice.get(0).getProbeResult();
    assertThat(result.getTarget().toByteArray()).isEqualTo(bob.bytes());
    assertThat(result.getReachable()).isTrue();
    assertThat(result.getPayload().isEmpty()).isTrue();
  }

  private static SealedProbe probe(AccountToken target, long nonce, byte[] token) {
    return SealedProbe.newBuilder()
        .setProbeNonce(nonce)
        .setTarget(ByteString.copyFrom(target.bytes()))
        .setDeliveryToken(ByteString.copyFrom(token))
        .setPayload(ByteString.copyFromUtf8("sealed probe"))
        .build();
  }

  private static ProbeAnswer answer(long probeId, String payload) {
    return ProbeAnswer.newBuilder()
        .setProbeId(probeId)
        .setPayload(ByteString.copyFromUtf8(payload))
        .build();
  }

  /** Records one-shot tasks with their delays instead of running them; the test fires them. */
  private static final class ManualTimer extends ScheduledThreadPoolExecutor {
    private final List<Long> delays = new CopyOnWriteArrayList<>();
    private final List<Runnable> tasks = new CopyOnWriteArrayList<>();

    ManualTimer() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
      delays.add(unit.toNanos(delay));
      tasks.add(task);
      return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }

    List<Long> delays() {
      return delays;
    }

    void fireAll() {
      List<Runnable> due = List.copyOf(tasks);
      tasks.clear();
      due.forEach(Runnable::run);
    }
  }
}
