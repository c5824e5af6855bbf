package org.nubo.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nubo.core.Fakes.device;
import static org.nubo.core.Fakes.limiter;
import static org.nubo.core.Fakes.token;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.Conflict;
import org.nubo.core.Unavailable;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

/**
 * How long the relay remembers an offer, on a clock the test moves: decided at the window's end at
 * the latest, remembered at least a window after its decision and two after it was made, then
 * forgotten in order; the ring refuses offers only when full, and ids wrap around it.
 */
class RelayRingTest {
  private static final long WINDOW = Duration.ofSeconds(3).toNanos();

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Connections connections = new Connections(RelayMetrics.NONE);
  private final AccountToken bob = token(2);
  private final Relay relay =
      new Relay(
          connections,
          bob::equals,
          timer,
          clock::get,
          Duration.ofNanos(WINDOW),
          limiter("messages_per_device", 100),
          RelayMetrics.NONE,
          // Close to the top of the id space: ids wrap from the largest long to the smallest.
          Long.MAX_VALUE - 5);
  private final List<ServerFrame> toBob = new CopyOnWriteArrayList<>();
  private final List<ServerFrame> toSender = new CopyOnWriteArrayList<>();
  private final DeviceConnection bobsPhone = device(bob, toBob);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void aDeliveredOfferIsRememberedUntilTwoWindowsAfterItWasMadeThenForgotten() {
    connections.add(bobsPhone);
    relay.sendSealed(toSender::add, bob, 42, ByteString.copyFromUtf8("hi"));
    long deliveryId = toBob.get(0).getDeliver().getDeliveryId();
    clock.addAndGet(WINDOW / 2);
    relay.ack(bobsPhone, deliveryId);
    assertThat(toSender.get(0).getOutcome().getDecision()).isEqualTo(Outcome.Decision.DELIVERED);

    advanceAndSettle(WINDOW + WINDOW / 4);
    assertThat(verdict(deliveryId)).isEqualTo(Settle.Verdict.SHOW);
    assertThatThrownBy(() -> relay.sendSealed(toSender::add, bob, 42, ByteString.EMPTY))
        .isInstanceOf(Conflict.class);

    clock.addAndGet(WINDOW / 4);
    await(() -> relay.offersInMemory() == 0);
    assertThat(verdict(deliveryId)).isEqualTo(Settle.Verdict.UNKNOWN);
    // Forgotten with its offer: the same message id is a new envelope now.
    relay.sendSealed(toSender::add, bob, 42, ByteString.EMPTY);
    assertThat(relay.offersInMemory()).isEqualTo(1);
  }

  @Test
  void anUnansweredOfferIsDecidedAtTheWindowsEndAndRememberedAWindowAfterThat() {
    connections.add(bobsPhone);
    relay.sendSealed(toSender::add, bob, 7, ByteString.EMPTY);
    long deliveryId = toBob.get(0).getDeliver().getDeliveryId();

    clock.addAndGet(WINDOW);
    await(() -> toSender.size() == 1);
    assertThat(toSender.get(0).getOutcome().getDecision())
        .isEqualTo(Outcome.Decision.NOT_DELIVERED);
    assertThat(toBob.get(1).getSettle().getVerdict()).isEqualTo(Settle.Verdict.DROP);

    advanceAndSettle(WINDOW - 1);
    assertThat(verdict(deliveryId)).isEqualTo(Settle.Verdict.DROP);
    clock.addAndGet(1);
    await(() -> relay.offersInMemory() == 0);
    assertThat(verdict(deliveryId)).isEqualTo(Settle.Verdict.UNKNOWN);
  }

  @Test
  void aLaterOfferDecidedFirstWaitsForTheEarlierOneAndBothAreForgottenInOrder() {
    connections.add(bobsPhone);
    relay.sendSealed(toSender::add, bob, 1, ByteString.EMPTY);
    relay.sendSealed(toSender::add, bob, 2, ByteString.EMPTY);
    long first = toBob.get(0).getDeliver().getDeliveryId();
    long second = toBob.get(1).getDeliver().getDeliveryId();
    assertThat(second).isEqualTo(Long.MAX_VALUE - 4);
    relay.ack(bobsPhone, second);

    clock.addAndGet(WINDOW);
    await(() -> toSender.size() == 2);
    // The first was decided at its window's end, so it stays until a window after that.
    advanceAndSettle(WINDOW);
    assertThat(relay.offersInMemory()).isZero();
    assertThat(verdict(first)).isEqualTo(Settle.Verdict.UNKNOWN);
    assertThat(verdict(second)).isEqualTo(Settle.Verdict.UNKNOWN);
  }

  @Test
  void aFullRingRefusesOffersAsBusyAndIdsWrapAroundItOnceOldOffersAreForgotten() {
    AtomicLong pushes = new AtomicLong();
    AtomicLong outcomes = new AtomicLong();
    FrameSink sender = frame -> outcomes.incrementAndGet();
    connections.add(device(bob, frame -> pushes.incrementAndGet()));
    for (int i = 0; i < Relay.CAPACITY; i++) {
      relay.sendSealed(sender, bob, i, ByteString.EMPTY);
    }
    assertThat(relay.offersInMemory()).isEqualTo(Relay.CAPACITY);
    assertThatThrownBy(() -> relay.sendSealed(sender, bob, Relay.CAPACITY, ByteString.EMPTY))
        .isInstanceOfSatisfying(Unavailable.class, e -> assertThat(e.code()).isEqualTo("busy"));

    clock.addAndGet(WINDOW);
    await(() -> outcomes.get() == Relay.CAPACITY);
    clock.addAndGet(WINDOW);
    await(() -> relay.offersInMemory() == 0);
    // The refused envelope left no replay mark: now that there is room, it goes.
    for (int i = 0; i < 1_000; i++) {
      relay.sendSealed(sender, bob, Relay.CAPACITY + i, ByteString.EMPTY);
    }
    assertThat(relay.offersInMemory()).isEqualTo(1_000);
    // Each offer was delivered once, and each of the first CAPACITY was dropped once.
    assertThat(pushes.get()).isEqualTo(2L * Relay.CAPACITY + 1_000);
  }

  @Test
  void anAckAfterTheWindowDecidesNotDeliveredEvenBeforeTheClockThreadLooks() throws Exception {
    connections.add(bobsPhone);
    relay.sendSealed(toSender::add, bob, 5, ByteString.EMPTY);
    long deliveryId = toBob.get(0).getDeliver().getDeliveryId();
    CountDownLatch release = new CountDownLatch(1);
    Future<?> busyClock =
        timer.submit(
            () -> {
              release.await();
              return null;
            });
    try {
      clock.addAndGet(WINDOW);
      relay.ack(bobsPhone, deliveryId);
    } finally {
      release.countDown();
    }
    busyClock.get();

    assertThat(toSender).hasSize(1);
    assertThat(toSender.get(0).getOutcome().getDecision())
        .isEqualTo(Outcome.Decision.NOT_DELIVERED);
    assertThat(toBob.get(toBob.size() - 1).getSettle().getVerdict()).isEqualTo(Settle.Verdict.DROP);
    afterATick();
    assertThat(toSender).as("decided once").hasSize(1);
  }

  @Test
  void forgedIdsAndOtherAccountsLearnNothingAndDecideNothing() {
    connections.add(bobsPhone);
    relay.sendSealed(toSender::add, bob, 9, ByteString.EMPTY);
    long deliveryId = toBob.get(0).getDeliver().getDeliveryId();
    List<Long> forged =
        List.of(deliveryId + Relay.CAPACITY, deliveryId - Relay.CAPACITY, Long.MIN_VALUE, -1L, 0L);

    assertThat(relay.resolve(bobsPhone, forged))
        .extracting(Settle::getVerdict)
        .containsOnly(Settle.Verdict.UNKNOWN);
    List<ServerFrame> toAlice = new CopyOnWriteArrayList<>();
    relay.ack(device(token(1), toAlice), deliveryId);
    assertThat(toAlice.get(0).getSettle().getVerdict()).isEqualTo(Settle.Verdict.UNKNOWN);
    assertThat(toSender).isEmpty();

    relay.ack(bobsPhone, deliveryId);
    assertThat(toSender.get(0).getOutcome().getDecision()).isEqualTo(Outcome.Decision.DELIVERED);
  }

  @Test
  void anOfferWithNoConnectedDeviceIsDecidedAtOnceAndForgottenTwoWindowsLater() {
    relay.sendSealed(toSender::add, bob, 3, ByteString.EMPTY);

    await(() -> toSender.size() == 1);
    assertThat(toSender.get(0).getOutcome().getDecision())
        .isEqualTo(Outcome.Decision.NOT_DELIVERED);
    advanceAndSettle(2 * WINDOW - 1);
    assertThat(relay.offersInMemory()).isEqualTo(1);
    clock.addAndGet(1);
    await(() -> relay.offersInMemory() == 0);
  }

  private Settle.Verdict verdict(long deliveryId) {
    return relay.resolve(bobsPhone, List.of(deliveryId)).get(0).getVerdict();
  }

  /** Moves the clock and waits until the relay's clock thread has looked at it. */
  private void advanceAndSettle(long nanos) {
    clock.addAndGet(nanos);
    afterATick();
  }

  /**
   * Returns once a tick has started since the call. The timer runs its tasks in the order they fall
   * due, and the tick falls due every {@link Relay#TICK}: a marker due five ticks from now runs
   * after at least one of them (each tick here takes microseconds).
   */
  private void afterATick() {
    try {
      timer.schedule(() -> {}, 5 * Relay.TICK.toMillis(), TimeUnit.MILLISECONDS).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private static void await(BooleanSupplier condition) {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("within 5 s").isTrue();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
