package org.nubo.core.relay;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.nubo.core.Conflict;
import org.nubo.core.NotFound;
import org.nubo.core.Unavailable;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Send;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery contract of docs/PROTOCOL.md: each message offered to the recipient's connected
 * devices gets exactly one decision, DELIVERED at the first acknowledgement within the window or
 * NOT_DELIVERED when the window ends (or at once, when no device is connected).
 *
 * <p>Data layout: one in-memory {@link Offer} per message, keyed by a delivery id. The payload is
 * pushed to the recipient's devices when the message arrives and is not kept at all; the offer
 * holds ids, the sender's connection and the state, and stays for one more window after the
 * decision so that a reconnecting device can {@link #resolve} what it holds. Nothing is written to
 * disk, and nothing names the sender once the offer is forgotten.
 */
public final class Relay {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  /** The longest window an operator may configure. */
  public static final Duration MAX_WINDOW = Duration.ofSeconds(30);

  private static final int MAX_OFFERS = 1_000_000;

  /** How often deadlines are checked: a decision falls at most this long after its window. */
  static final Duration TICK = Duration.ofMillis(10);

  private final Connections connections;
  private final Predicate<AccountToken> messagingEnabled;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final Duration window;
  private final RateLimiter perDevice;
  private final RelayMetrics metrics;
  private final AtomicLong nextDeliveryId;
  private final ConcurrentMap<Long, Offer> offers = new ConcurrentHashMap<>();

  // Every window has the same length, so deadlines come due in the order offers were made: two
  // FIFO queues, checked every TICK, replace a timer task (and its cancellation) per message.
  private final Queue<Offer> awaitingDecision = new ConcurrentLinkedQueue<>();
  private final Queue<Forget> awaitingForget = new ConcurrentLinkedQueue<>();

  private record Forget(long deliveryId, long atNanos) {}

  /** A sealed envelope's identity for replay detection: the server knows no sender to add. */
  private record SealedKey(AccountToken recipient, long messageId) {}

  private final ConcurrentMap<SealedKey, Boolean> sealedSeen = new ConcurrentHashMap<>();

  /**
   * @param messagingEnabled whether an account exists with messaging on (asked only when the
   *     recipient has no connected device)
   * @param nanoTime a monotonic clock, {@code System::nanoTime} in production
   */
  public Relay(
      Connections connections,
      Predicate<AccountToken> messagingEnabled,
      ScheduledExecutorService timer,
      LongSupplier nanoTime,
      Duration window,
      RateLimiter perDevice,
      RelayMetrics metrics,
      long firstDeliveryId) {
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("the delivery window must be within (0, 30 s]");
    }
    this.connections = connections;
    this.messagingEnabled = messagingEnabled;
    this.timer = timer;
    this.nanoTime = nanoTime;
    this.window = window;
    this.perDevice = perDevice;
    this.metrics = metrics;
    this.nextDeliveryId = new AtomicLong(firstDeliveryId);
    ScheduledFuture<?> unused =
        timer.scheduleWithFixedDelay(
            this::tick, TICK.toNanos(), TICK.toNanos(), TimeUnit.NANOSECONDS);
  }

  public Duration window() {
    return window;
  }

  /**
   * Offers a message. The decision reaches the sender later as an {@link Outcome} push (possibly
   * before the reply to this request).
   *
   * @throws NotFound if the recipient has no account with messaging on
   */
  public void send(DeviceConnection sender, Send send) {
    perDevice.acquire(sender.principal().deviceId());
    offer(
        sender,
        AccountToken.of(send.getRecipient().toByteArray()),
        send.getMessageId(),
        ByteString.copyFrom(sender.principal().account().bytes()),
        send.getPayload(),
        false);
  }

  /**
   * Offers a sealed-sender envelope (admitted by {@link SealedRelay}): delivered with an empty
   * sender and {@code sealed} set. A second envelope for the same recipient and message id while
   * the first is remembered (until a window after its decision) is refused as a replay.
   *
   * @throws NotFound if the recipient has no account with messaging on
   * @throws Conflict ({@code replayed}) for a replay
   */
  public void sendSealed(
      FrameSink sender, AccountToken recipient, long messageId, ByteString payload) {
    offer(sender, recipient, messageId, ByteString.EMPTY, payload, true);
  }

  private void offer(
      FrameSink sender,
      AccountToken recipient,
      long messageId,
      ByteString senderToken,
      ByteString payload,
      boolean sealed) {
    List<DeviceConnection> targets = connections.of(recipient);
    if (targets.isEmpty() && !messagingEnabled.test(recipient)) {
      throw unknownRecipient();
    }
    if (offers.size() >= MAX_OFFERS) {
      throw new Unavailable("busy", "the relay is at capacity; the message goes by SMS");
    }
    @Nullable SealedKey replayKey = null;
    if (sealed) {
      replayKey = new SealedKey(recipient, messageId);
      if (sealedSeen.putIfAbsent(replayKey, Boolean.TRUE) != null) {
        throw new Conflict(
            "replayed", "an envelope with this message id was just sent to this recipient");
      }
    }
    long deliveryId = nextDeliveryId.getAndIncrement();
    Offer offer =
        new Offer(deliveryId, messageId, sender, recipient, nanoTime.getAsLong(), replayKey);
    offers.put(deliveryId, offer);
    if (targets.isEmpty()) {
      timer.execute(() -> decideNotDelivered(offer));
      return;
    }
    awaitingDecision.add(offer);
    ServerFrame deliver =
        ServerFrame.newBuilder()
            .setDeliver(
                Deliver.newBuilder()
                    .setDeliveryId(deliveryId)
                    .setMessageId(messageId)
                    .setSender(senderToken)
                    .setPayload(payload)
                    .setSealed(sealed))
            .build();
    for (DeviceConnection target : targets) {
      target.push(deliver);
    }
  }

  static NotFound unknownRecipient() {
    return new NotFound("unknown_recipient", "the recipient does not use Nubo messaging");
  }

  /** A recipient device acknowledges a delivery; the first in time decides DELIVERED. */
  public void ack(DeviceConnection device, long deliveryId) {
    Offer offer = offers.get(deliveryId);
    if (offer == null || !offer.recipient.equals(device.principal().account())) {
      // Forgotten (too late) or not this device's to acknowledge: the server cannot say more.
      device.push(settle(deliveryId, Settle.Verdict.UNKNOWN));
      return;
    }
    switch (offer.acknowledge()) {
      case DECIDED_NOW -> {
        decidedDelivered(offer);
        device.push(settle(deliveryId, Settle.Verdict.SHOW));
      }
      case ALREADY_DELIVERED -> device.push(settle(deliveryId, Settle.Verdict.SHOW));
      case ALREADY_NOT_DELIVERED -> device.push(settle(deliveryId, Settle.Verdict.DROP));
    }
  }

  /**
   * The fate of deliveries a reconnecting device holds. Asking about a delivery still undecided
   * counts as acknowledging it: the device has it.
   */
  public List<Settle> resolve(DeviceConnection device, List<Long> deliveryIds) {
    List<Settle> answers = new ArrayList<>(deliveryIds.size());
    for (long id : deliveryIds) {
      Offer offer = offers.get(id);
      if (offer == null || !offer.recipient.equals(device.principal().account())) {
        answers.add(settleOf(id, Settle.Verdict.UNKNOWN));
        continue;
      }
      Offer.AckResult result = offer.acknowledge();
      if (result == Offer.AckResult.DECIDED_NOW) {
        decidedDelivered(offer);
      }
      answers.add(
          settleOf(
              id,
              result == Offer.AckResult.ALREADY_NOT_DELIVERED
                  ? Settle.Verdict.DROP
                  : Settle.Verdict.SHOW));
    }
    return answers;
  }

  /** Offers in memory, decided or not (for metrics and tests). */
  public int offersInMemory() {
    return offers.size();
  }

  /** Decides the offers whose window has ended, and forgets decisions a window old. */
  private void tick() {
    try {
      long now = nanoTime.getAsLong();
      Offer due;
      while ((due = awaitingDecision.peek()) != null
          && now - due.offeredAt - window.toNanos() >= 0) {
        awaitingDecision.poll();
        decideNotDelivered(due);
      }
      Forget old;
      while ((old = awaitingForget.peek()) != null && now - old.atNanos() >= 0) {
        awaitingForget.poll();
        Offer forgotten = offers.remove(old.deliveryId());
        if (forgotten != null && forgotten.replayKey != null) {
          sealedSeen.remove(forgotten.replayKey);
        }
      }
    } catch (RuntimeException e) {
      // A failing push must not stop the clock for every other message.
      LOG.error("relay tick failed", e);
    }
  }

  private void decidedDelivered(Offer offer) {
    metrics.delivered(Duration.ofNanos(nanoTime.getAsLong() - offer.offeredAt));
    offer.sender.push(outcome(offer.messageId, Outcome.Decision.DELIVERED));
    forgetLater(offer);
  }

  private void decideNotDelivered(Offer offer) {
    if (!offer.decideNotDelivered()) {
      return;
    }
    metrics.fellBackToSms();
    offer.sender.push(outcome(offer.messageId, Outcome.Decision.NOT_DELIVERED));
    ServerFrame drop = settle(offer.deliveryId, Settle.Verdict.DROP);
    for (DeviceConnection target : connections.of(offer.recipient)) {
      target.push(drop);
    }
    forgetLater(offer);
  }

  private void forgetLater(Offer offer) {
    awaitingForget.add(new Forget(offer.deliveryId, nanoTime.getAsLong() + window.toNanos()));
  }

  private static ServerFrame outcome(long messageId, Outcome.Decision decision) {
    return ServerFrame.newBuilder()
        .setOutcome(Outcome.newBuilder().setMessageId(messageId).setDecision(decision))
        .build();
  }

  private static ServerFrame settle(long deliveryId, Settle.Verdict verdict) {
    return ServerFrame.newBuilder().setSettle(settleOf(deliveryId, verdict)).build();
  }

  private static Settle settleOf(long deliveryId, Settle.Verdict verdict) {
    return Settle.newBuilder().setDeliveryId(deliveryId).setVerdict(verdict).build();
  }

  /** One message offered to one recipient account. */
  private static final class Offer {
    enum State {
      PENDING,
      DELIVERED,
      NOT_DELIVERED
    }

    enum AckResult {
      DECIDED_NOW,
      ALREADY_DELIVERED,
      ALREADY_NOT_DELIVERED
    }

    final long deliveryId;
    final long messageId;
    final FrameSink sender;
    final AccountToken recipient;
    final long offeredAt;
    final @Nullable SealedKey replayKey;
    private State state = State.PENDING;

    Offer(
        long deliveryId,
        long messageId,
        FrameSink sender,
        AccountToken recipient,
        long offeredAt,
        @Nullable SealedKey replayKey) {
      this.deliveryId = deliveryId;
      this.messageId = messageId;
      this.sender = sender;
      this.recipient = recipient;
      this.offeredAt = offeredAt;
      this.replayKey = replayKey;
    }

    synchronized AckResult acknowledge() {
      switch (state) {
        case PENDING -> {
          state = State.DELIVERED;
          return AckResult.DECIDED_NOW;
        }
        case DELIVERED -> {
          return AckResult.ALREADY_DELIVERED;
        }
        default -> {
          return AckResult.ALREADY_NOT_DELIVERED;
        }
      }
    }

    synchronized boolean decideNotDelivered() {
      if (state != State.PENDING) {
        return false;
      }
      state = State.NOT_DELIVERED;
      return true;
    }
  }
}
