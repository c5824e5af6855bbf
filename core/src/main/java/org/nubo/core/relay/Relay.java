package org.nubo.core.relay;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 * <p>Data layout: one in-memory {@link Offer} per message, in a ring indexed by its delivery id.
 * The payload is pushed to the recipient's devices when the message arrives and is not kept at all;
 * the offer holds ids, the sender's connection and the state, and stays for at least one more
 * window after the decision so that a reconnecting device can {@link #resolve} what it holds.
 * Nothing is written to disk, and nothing names the sender once the offer is forgotten.
 *
 * <p>Why a ring: delivery ids are handed out in order and every offer has the same window, so
 * offers are decided and forgotten in about the order they were made. One clock thread walks two
 * cursors along the ring; a message costs one small object and no map or queue nodes. Offers live
 * seconds, so whatever a message leaves on the heap is copied by each young collection of that
 * time: at 5,000 messages a second, the earlier map and two queues (about ten objects a message)
 * made G1's young pauses several times longer (docs/BENCHMARKS.md, section 7).
 */
public final class Relay {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  /** The longest window an operator may configure. */
  public static final Duration MAX_WINDOW = Duration.ofSeconds(30);

  /** Offers held at most (decided or not); one more is refused as {@code busy}. */
  static final int CAPACITY = 1 << 20;

  /** How often deadlines are checked: a decision falls at most this long after its window. */
  static final Duration TICK = Duration.ofMillis(10);

  private final Connections connections;
  private final Predicate<AccountToken> messagingEnabled;
  private final ScheduledExecutorService timer;
  private final LongSupplier nanoTime;
  private final Duration window;
  private final RateLimiter perDevice;
  private final RelayMetrics metrics;
  private final long windowNanos;

  /**
   * Offer of delivery id {@code d} at {@code d & (CAPACITY - 1)}, from its offer to its forgetting.
   */
  private final AtomicReferenceArray<Offer> ring = new AtomicReferenceArray<>(CAPACITY);

  /** The next delivery id to hand out. */
  private final AtomicLong nextDeliveryId;

  // The clock's two cursors, in delivery ids: every id below decideFrom has had its window end
  // checked, and every id below forgetFrom has left the ring. Only tick() moves them;
  // forgetFrom is volatile because offer() reads it to know whether the ring has room.
  private long decideFrom;
  private volatile long forgetFrom;

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
    this.windowNanos = window.toNanos();
    this.nextDeliveryId = new AtomicLong(firstDeliveryId);
    this.decideFrom = firstDeliveryId;
    this.forgetFrom = firstDeliveryId;
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
    // The connected device's own token: the one parsed from this message is garbage at once.
    AccountToken held = targets.isEmpty() ? recipient : targets.get(0).principal().account();
    @Nullable SealedKey replayKey = null;
    if (sealed) {
      replayKey = new SealedKey(held, messageId);
      if (sealedSeen.putIfAbsent(replayKey, Boolean.TRUE) != null) {
        throw new Conflict(
            "replayed", "an envelope with this message id was just sent to this recipient");
      }
    }
    Offer offer = new Offer(messageId, sender, held, nanoTime.getAsLong(), replayKey);
    if (!place(offer)) {
      if (replayKey != null) {
        sealedSeen.remove(replayKey);
      }
      throw new Unavailable("busy", "the relay is at capacity; the message goes by SMS");
    }
    if (targets.isEmpty()) {
      timer.execute(() -> decideNotDelivered(offer, nanoTime.getAsLong()));
      return;
    }
    ServerFrame deliver =
        ServerFrame.newBuilder()
            .setDeliver(
                Deliver.newBuilder()
                    .setDeliveryId(offer.deliveryId)
                    .setMessageId(messageId)
                    .setSender(senderToken)
                    .setPayload(payload)
                    .setSealed(sealed))
            .build();
    for (DeviceConnection target : targets) {
      target.push(deliver);
    }
  }

  /**
   * Gives {@code offer} the next delivery id and its slot; false when the ring is full. An id is
   * handed out only with a free slot: the slot of {@code id} last held {@code id - CAPACITY}, which
   * is below {@code forgetFrom} and therefore gone. Ids are any longs and wrap around.
   */
  private boolean place(Offer offer) {
    long id;
    do {
      id = nextDeliveryId.get();
      if (id - forgetFrom >= CAPACITY) {
        return false;
      }
    } while (!nextDeliveryId.compareAndSet(id, id + 1));
    offer.deliveryId = id;
    ring.set(slot(id), offer);
    return true;
  }

  private static int slot(long deliveryId) {
    return (int) deliveryId & (CAPACITY - 1);
  }

  /** The offer with this delivery id, if it is still remembered. */
  private @Nullable Offer find(long deliveryId) {
    Offer offer = ring.get(slot(deliveryId));
    return offer != null && offer.deliveryId == deliveryId ? offer : null;
  }

  static NotFound unknownRecipient() {
    return new NotFound("unknown_recipient", "the recipient does not use Nubo messaging");
  }

  /** A recipient device acknowledges a delivery; the first in time decides DELIVERED. */
  public void ack(DeviceConnection device, long deliveryId) {
    Offer offer = find(deliveryId);
    if (offer == null || !offer.recipient.equals(device.principal().account())) {
      // Forgotten (too late) or not this device's to acknowledge: the server cannot say more.
      device.push(settle(deliveryId, Settle.Verdict.UNKNOWN));
      return;
    }
    switch (acknowledge(offer)) {
      case DECIDED_NOW, ALREADY_DELIVERED -> device.push(settle(deliveryId, Settle.Verdict.SHOW));
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
      Offer offer = find(id);
      if (offer == null || !offer.recipient.equals(device.principal().account())) {
        answers.add(settleOf(id, Settle.Verdict.UNKNOWN));
        continue;
      }
      Offer.AckResult result = acknowledge(offer);
      answers.add(
          settleOf(
              id,
              result == Offer.AckResult.ALREADY_NOT_DELIVERED
                  ? Settle.Verdict.DROP
                  : Settle.Verdict.SHOW));
    }
    return answers;
  }

  /**
   * A recipient device has the offer. Within the window, the first to say so decides DELIVERED. At
   * or after the window's end the offer is NOT_DELIVERED, even if the clock thread has not decided
   * it yet (it looks every {@link #TICK}, and may be late): the sender falls back to SMS then.
   */
  private Offer.AckResult acknowledge(Offer offer) {
    long now = nanoTime.getAsLong();
    if (now - offer.offeredAt - windowNanos >= 0) {
      decideNotDelivered(offer, now);
    }
    Offer.AckResult result = offer.acknowledge(now);
    if (result == Offer.AckResult.DECIDED_NOW) {
      decidedDelivered(offer, now);
    }
    return result;
  }

  /** Offers in memory, decided or not (for metrics and tests). */
  public int offersInMemory() {
    return (int) (nextDeliveryId.get() - forgetFrom);
  }

  /**
   * Decides the offers whose window has ended, and forgets those decided at least a window ago and
   * made at least two windows ago. Both walks stop at the first offer not yet due (or not yet in
   * its slot: its id was handed out a moment ago), so later offers wait at most one tick longer.
   */
  private void tick() {
    try {
      long now = nanoTime.getAsLong();
      long issued = nextDeliveryId.get();
      for (; decideFrom - issued < 0; decideFrom++) {
        Offer due = find(decideFrom);
        if (due == null || now - due.offeredAt - windowNanos < 0) {
          break;
        }
        decideNotDelivered(due, now);
      }
      long forget = forgetFrom;
      for (; forget - decideFrom < 0; forget++) {
        Offer old = find(forget);
        if (old == null) {
          // Emptied by a tick that failed before it moved the cursor.
          continue;
        }
        if (!old.forgettable(now, windowNanos)) {
          break;
        }
        ring.compareAndSet(slot(forget), old, null);
        if (old.replayKey != null) {
          sealedSeen.remove(old.replayKey);
        }
      }
      forgetFrom = forget;
    } catch (RuntimeException | Error e) {
      // A failing push (even out of direct memory) must not stop the clock for every other
      // message: a scheduled task that throws is never run again.
      LOG.error("relay tick failed", e);
    }
  }

  private void decidedDelivered(Offer offer, long now) {
    metrics.delivered(Duration.ofNanos(now - offer.offeredAt));
    offer.sender.push(outcome(offer.messageId, Outcome.Decision.DELIVERED));
  }

  private void decideNotDelivered(Offer offer, long now) {
    if (!offer.decideNotDelivered(now)) {
      return;
    }
    metrics.fellBackToSms();
    offer.sender.push(outcome(offer.messageId, Outcome.Decision.NOT_DELIVERED));
    ServerFrame drop = settle(offer.deliveryId, Settle.Verdict.DROP);
    for (DeviceConnection target : connections.of(offer.recipient)) {
      target.push(drop);
    }
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

    /** Set once, before the offer enters the ring (which publishes it). */
    long deliveryId = -1;

    final long messageId;
    final FrameSink sender;
    final AccountToken recipient;
    final long offeredAt;
    final @Nullable SealedKey replayKey;
    private State state = State.PENDING;
    private long decidedAt;

    Offer(
        long messageId,
        FrameSink sender,
        AccountToken recipient,
        long offeredAt,
        @Nullable SealedKey replayKey) {
      this.messageId = messageId;
      this.sender = sender;
      this.recipient = recipient;
      this.offeredAt = offeredAt;
      this.replayKey = replayKey;
    }

    synchronized AckResult acknowledge(long now) {
      switch (state) {
        case PENDING -> {
          state = State.DELIVERED;
          decidedAt = now;
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

    synchronized boolean decideNotDelivered(long now) {
      if (state != State.PENDING) {
        return false;
      }
      state = State.NOT_DELIVERED;
      decidedAt = now;
      return true;
    }

    /** Decided a window ago or more, and offered two windows ago or more. */
    synchronized boolean forgettable(long now, long windowNanos) {
      return state != State.PENDING
          && now - decidedAt - windowNanos >= 0
          && now - offeredAt - 2 * windowNanos >= 0;
    }
  }
}
