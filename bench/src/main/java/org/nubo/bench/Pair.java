package org.nubo.bench;

import com.google.protobuf.ByteString;
import java.util.concurrent.CountDownLatch;
import org.HdrHistogram.Histogram;
import org.nubo.protocol.wire.Ack;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.Send;
import org.nubo.protocol.wire.ServerFrame;

/**
 * One sender and one recipient device. The sender sends, the recipient acknowledges every {@code
 * Deliver}, and the sender records the time from its {@code Send} to the {@code Outcome}: the whole
 * delivery contract, as a phone sees it.
 *
 * <p>A message id carries the phase (warm-up or measured), the pair and a sequence number, so an
 * outcome finds its send time in an array without a map. State changes under the pair's lock: the
 * sender's event loop sends (it also paces the fixed-rate mode) and reads outcomes, and the main
 * thread starts phases and reads results.
 */
final class Pair {
  private static final int SEQ_BITS = 32;
  private static final int PAIR_BITS = 24;

  final DeviceLink sender;
  final DeviceLink recipient;
  private final int index;
  private final Device recipientDevice;
  private final ByteString payload;
  private final boolean sealed;

  private int phase;
  private long[] sentAt = new long[0];
  private int nextSeq;
  private int count;
  private int window;
  private int completed;
  private long delivered;
  private long notDelivered;
  private long rejected;
  // One int per message, not a histogram per pair: 500 pairs' histograms (130 KB each, new every
  // phase) made the generator's own young collections copy tens of megabytes, and those pauses
  // showed up in the measured tail.
  private int[] latencyMicros = new int[0];
  private int recorded;
  private CountDownLatch done = new CountDownLatch(0);

  /**
   * @param sealed send pre-built envelopes as SealedSend on the sealed socket (no delivery token;
   *     the benchmark raises the stranger bucket) instead of Send on the authenticated one
   */
  Pair(int index, Device recipientDevice, ByteString payload, boolean sealed) {
    this.index = index;
    this.recipientDevice = recipientDevice;
    this.payload = payload;
    this.sealed = sealed;
    this.sender = new DeviceLink(this::onSenderFrame);
    this.recipient = new DeviceLink(this::onRecipientFrame);
  }

  /** The largest latency recorded: a minute, far beyond any delivery window. */
  private static final long MAX_MICROS = 60_000_000L;

  static Histogram newHistogram() {
    return new Histogram(MAX_MICROS, 3);
  }

  /**
   * Starts a phase of {@code count} messages. With {@code window > 0} the pair keeps that many in
   * flight by itself (saturation); with 0 the sender's event loop calls {@link #sendScheduled} at
   * the rate.
   */
  synchronized void begin(int newPhase, int newCount, int newWindow, CountDownLatch allDone) {
    phase = newPhase;
    count = newCount;
    window = newWindow;
    sentAt = new long[newCount];
    nextSeq = 0;
    completed = 0;
    delivered = 0;
    notDelivered = 0;
    rejected = 0;
    latencyMicros = new int[newCount];
    recorded = 0;
    done = allDone;
    for (int i = 0; i < window && nextSeq < count; i++) {
      sendNext(System.nanoTime());
    }
  }

  /** Fixed-rate mode: sends the next message, timed from when it was due rather than sent. */
  synchronized void sendScheduled(long dueNanos) {
    if (nextSeq < count) {
      sendNext(dueNanos);
    }
  }

  /** Adds this phase's Send-to-Outcome latencies, in microseconds, to {@code histogram}. */
  synchronized Result result(Histogram histogram) {
    for (int i = 0; i < recorded; i++) {
      histogram.recordValue(latencyMicros[i]);
    }
    return new Result(delivered, notDelivered, rejected);
  }

  /** What one pair saw in one phase. */
  record Result(long delivered, long notDelivered, long rejected) {}

  private void sendNext(long timedFrom) {
    int seq = nextSeq++;
    sentAt[seq] = timedFrom;
    long id = ((long) phase << (SEQ_BITS + PAIR_BITS)) | ((long) index << SEQ_BITS) | seq;
    ClientFrame.Builder frame = ClientFrame.newBuilder().setId(id);
    if (sealed) {
      frame.setSealedSend(
          SealedSend.newBuilder()
              .setMessageId(id)
              .setRecipient(recipientDevice.token())
              .setPayload(payload));
    } else {
      frame.setSend(
          Send.newBuilder()
              .setMessageId(id)
              .setRecipient(recipientDevice.token())
              .setPayload(payload));
    }
    sender.send(frame.build());
  }

  private synchronized void onSenderFrame(ServerFrame frame) {
    switch (frame.getBodyCase()) {
      case OUTCOME -> {
        long id = frame.getOutcome().getMessageId();
        if (!isCurrent(id)) {
          return;
        }
        long micros = (System.nanoTime() - sentAt[(int) id]) / 1_000;
        if (recorded < latencyMicros.length) {
          latencyMicros[recorded++] = (int) Math.min(Math.max(micros, 1), MAX_MICROS);
        }
        if (frame.getOutcome().getDecision() == Outcome.Decision.DELIVERED) {
          delivered++;
        } else {
          notDelivered++;
        }
        finishOne();
      }
      case REPLY -> {
        // A Send answered with an error gets no Outcome: count it as finished.
        if (frame.getReply().getStatus() != 200 && isCurrent(frame.getId())) {
          rejected++;
          finishOne();
        }
      }
      default -> {}
    }
  }

  private boolean isCurrent(long id) {
    return (id >>> (SEQ_BITS + PAIR_BITS)) == phase && (int) id < count;
  }

  private void finishOne() {
    completed++;
    if (window > 0 && nextSeq < count) {
      sendNext(System.nanoTime());
    }
    if (completed == count) {
      done.countDown();
    }
  }

  private void onRecipientFrame(ServerFrame frame) {
    if (frame.hasDeliver()) {
      recipient.send(
          ClientFrame.newBuilder()
              .setAck(Ack.newBuilder().setDeliveryId(frame.getDeliver().getDeliveryId()))
              .build());
    }
  }
}
