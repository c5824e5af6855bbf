package org.nubo.carrier;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.session.SMPPServerSession;
import org.jspecify.annotations.Nullable;

/**
 * The SMS waiting for one phone number, and the phone's current session if it is bound. One drain
 * thread at a time delivers in arrival order, so a phone sees its SMS in the order they were sent
 * even when some were stored while it was offline. An SMS leaves the queue only once the phone
 * acknowledged it (or refused it for good); if the link fails it stays first in line for the next
 * bind, so a flaky phone may see an SMS twice but never loses one — the fallback tag's message id
 * lets the receiving device drop the repeat.
 */
final class Mailbox {
  /** What came of handing one SMS to a phone. */
  enum Outcome {
    DELIVERED,
    /** The phone or the PDU said no for good: drop the SMS rather than retry forever. */
    REFUSED,
    /** The link is gone or unresponsive: keep the SMS for the next session. */
    LINK_DOWN
  }

  /** Hands one SMS to a bound session and waits for the phone's answer. */
  @FunctionalInterface
  interface Courier {
    Outcome deliver(SMPPServerSession session, StoredSms sms);
  }

  private final Object lock = new Object();
  private final ArrayDeque<StoredSms> pending = new ArrayDeque<>();
  private final Courier courier;
  private final AtomicInteger storedTotal;
  private final int maxPerNumber;
  private final int maxTotal;
  private @Nullable SMPPServerSession session;
  private boolean draining;

  Mailbox(Courier courier, AtomicInteger storedTotal, int maxPerNumber, int maxTotal) {
    this.courier = courier;
    this.storedTotal = storedTotal;
    this.maxPerNumber = maxPerNumber;
    this.maxTotal = maxTotal;
  }

  /**
   * Queues an SMS without starting delivery, so the caller can announce it before it can be
   * delivered; call {@link #flush()} next. Returns false if a store bound is reached.
   */
  boolean store(StoredSms sms) {
    synchronized (lock) {
      if (pending.size() >= maxPerNumber) {
        return false;
      }
      if (storedTotal.incrementAndGet() > maxTotal) {
        storedTotal.decrementAndGet();
        return false;
      }
      pending.addLast(sms);
      return true;
    }
  }

  /** Makes {@code next} the phone's session; returns the one it replaces, if any. */
  @Nullable SMPPServerSession attach(SMPPServerSession next) {
    SMPPServerSession previous;
    synchronized (lock) {
      previous = session;
      session = next;
    }
    flush();
    return previous == next ? null : previous;
  }

  void detach(SMPPServerSession gone) {
    synchronized (lock) {
      if (session == gone) {
        session = null;
      }
    }
  }

  /** Starts a drain thread if the phone is bound, SMS wait, and no drain runs yet. */
  void flush() {
    synchronized (lock) {
      if (draining || session == null || pending.isEmpty()) {
        return;
      }
      draining = true;
    }
    Thread.ofVirtual().name("carrier-delivery").start(this::drain);
  }

  int size() {
    synchronized (lock) {
      return pending.size();
    }
  }

  private void drain() {
    while (true) {
      StoredSms next;
      SMPPServerSession target;
      synchronized (lock) {
        next = pending.peekFirst();
        target = session;
        if (next == null || target == null) {
          draining = false;
          return;
        }
      }
      Outcome outcome = courier.deliver(target, next);
      synchronized (lock) {
        if (outcome == Outcome.LINK_DOWN) {
          if (session == target) {
            session = null;
            draining = false;
            return;
          }
          // A newer session replaced the failed one while we waited: go on with it.
          continue;
        }
        // Only the one drain thread takes from the head, so the head is still {@code next}.
        pending.pollFirst();
        storedTotal.decrementAndGet();
      }
    }
  }
}
