package org.nubo.carrier;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jspecify.annotations.Nullable;
import org.nubo.client.SmsFailedException;
import org.nubo.client.SmsTransport;
import org.nubo.smpp.SmppAddress;
import org.nubo.smpp.SmppSubmit;
import org.nubo.smpp.SmsText;
import org.nubo.smpp.TimedSocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated phone's SIM: sends and receives SMS through the {@link CarrierSimulator} over SMPP.
 *
 * <p>A background virtual thread keeps the phone bound as transceiver with its number as system_id.
 * When the link drops (the carrier restarts, the network blips) it binds again, pausing 100 ms
 * after the first failure and doubling up to {@link PhoneConfig#maxBackoff()}, so a phone that lost
 * its carrier neither spins nor stays offline long once the carrier is back. Incoming SMS are
 * handed to the consumer given at construction, on a jSMPP thread; the carrier gets its
 * acknowledgement even if the consumer throws, as a handset's modem acknowledges whatever the app
 * does with the SMS.
 */
public final class SimulatedSmsTransport implements SmsTransport, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedSmsTransport.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final int ENQUIRE_LINK_MILLIS = 5_000;
  private static final long UNBIND_WAIT_MILLIS = 500;

  private final PhoneConfig config;
  private final Consumer<ReceivedSms> onSms;
  private final String redacted;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private @Nullable SMPPSession bound;
  private boolean closed;
  private final Thread keeper;

  /** Starts binding in the background and returns at once; see {@link #awaitBound}. */
  public SimulatedSmsTransport(PhoneConfig config, Consumer<ReceivedSms> onSms) {
    this.config = config;
    this.onSms = onSms;
    this.redacted = PhoneNumbers.redact(config.number());
    this.keeper = Thread.ofVirtual().name("phone-line").start(this::stayBound);
  }

  public String number() {
    return config.number();
  }

  /** Whether the phone is bound to the carrier right now. */
  public boolean isBound() {
    lock.lock();
    try {
      return bound != null;
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for the phone to be bound; returns whether it is. */
  public boolean awaitBound(Duration timeout) {
    return awaitSession(timeout) != null;
  }

  /**
   * Submits the SMS to the carrier and returns once the carrier accepted it (not once the recipient
   * got it; an offline recipient gets it when it binds). If the link is being re-established, waits
   * for it up to {@link PhoneConfig#timeout()}.
   *
   * @throws SmsFailedException if there is no link, or the carrier refused or did not answer
   */
  @Override
  public void send(String e164Number, String text) {
    if (!PhoneNumbers.isValid(e164Number)) {
      throw new IllegalArgumentException("the recipient is not an E.164 number");
    }
    SMPPSession session = awaitSession(config.timeout());
    if (session == null) {
      throw new SmsFailedException(closedOrOffline());
    }
    try {
      SmppSubmit.send(session, config.number(), e164Number, SmsText.encode(text));
    } catch (NegativeResponseException e) {
      throw new SmsFailedException(
          "the carrier refused the SMS (SMPP status 0x"
              + Integer.toHexString(e.getCommandStatus())
              + ")",
          e);
    } catch (ResponseTimeoutException e) {
      throw new SmsFailedException("the carrier did not answer in time", e);
    } catch (PDUException | InvalidResponseException | IOException e) {
      throw new SmsFailedException("the link to the carrier failed", e);
    }
  }

  /** Unbinds and stops reconnecting. Safe to repeat. */
  @Override
  public void close() {
    SMPPSession session;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      session = bound;
      bound = null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (session != null) {
      unbindAndClose(session);
    }
    try {
      if (!keeper.join(config.timeout().plus(Duration.ofSeconds(1)))) {
        log.warn("Phone {} line did not stop in time", redacted);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String closedOrOffline() {
    lock.lock();
    try {
      return closed
          ? "the phone's SMS transport is closed"
          : "the phone has no link to the carrier";
    } finally {
      lock.unlock();
    }
  }

  private @Nullable SMPPSession awaitSession(Duration timeout) {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (bound == null && !closed && left > 0) {
        left = changed.awaitNanos(left);
      }
      return closed ? null : bound;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** The keeper thread: bind, wait for the link to drop, pause, bind again, until closed. */
  private void stayBound() {
    Duration backoff = FIRST_BACKOFF;
    while (!isClosed()) {
      SMPPSession session = new SMPPSession(new TimedSocketConnectionFactory(config.timeout()));
      session.setTransactionTimer(config.timeout().toMillis());
      session.setEnquireLinkTimer(ENQUIRE_LINK_MILLIS);
      session.setMessageReceiverListener(new Receiver());
      CountDownLatch dropped = new CountDownLatch(1);
      session.addSessionStateListener(
          (newState, oldState, source) -> {
            if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
              dropped.countDown();
            }
          });
      try {
        session.connectAndBind(
            config.host(),
            config.port(),
            new BindParameter(
                BindType.BIND_TRX,
                config.number(),
                config.password(),
                "phone",
                TypeOfNumber.INTERNATIONAL,
                NumberingPlanIndicator.ISDN,
                null),
            config.timeout().toMillis());
      } catch (IOException e) {
        log.debug("Phone {} could not bind ({}); next try in {}", redacted, e, backoff);
        if (!pause(backoff)) {
          return;
        }
        backoff = min(backoff.multipliedBy(2), config.maxBackoff());
        continue;
      }
      if (!publish(session)) {
        unbindAndClose(session);
        return;
      }
      backoff = FIRST_BACKOFF;
      log.info("Phone {} bound to the carrier", redacted);
      awaitDrop(dropped);
      lock.lock();
      try {
        if (bound == session) {
          bound = null;
          changed.signalAll();
        }
      } finally {
        lock.unlock();
      }
      if (!isClosed()) {
        log.info("Phone {} lost its carrier link; binding again", redacted);
      }
    }
  }

  private static void awaitDrop(CountDownLatch dropped) {
    try {
      dropped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean publish(SMPPSession session) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      bound = session;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** Waits {@code duration} unless closed first; returns whether still open. */
  private boolean pause(Duration duration) {
    long left = duration.toNanos();
    lock.lock();
    try {
      while (!closed && left > 0) {
        left = changed.awaitNanos(left);
      }
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Says goodbye without waiting long for the answer: jSMPP servers close right after their
   * unbind_resp, and a jSMPP client that sees the end of the stream first waits out its whole
   * transaction timer for a response it already dropped.
   */
  private static void unbindAndClose(SMPPSession session) {
    session.setTransactionTimer(UNBIND_WAIT_MILLIS);
    session.unbindAndClose();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The ESME side of SMPP for a phone: deliver_sm is how SMS arrive. */
  private final class Receiver implements MessageReceiverListener {
    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) {
      if (deliverSm.isSmscDeliveryReceipt()) {
        return;
      }
      String from =
          SmppAddress.fromSmpp(
              deliverSm.getSourceAddrTon(),
              deliverSm.getSourceAddr() == null ? "" : deliverSm.getSourceAddr());
      ReceivedSms sms = new ReceivedSms(from, SmsText.read(deliverSm));
      try {
        onSms.accept(sms);
      } catch (RuntimeException e) {
        log.warn("Phone {} failed to handle an incoming SMS", redacted, e);
      }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {}

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source)
        throws ProcessRequestException {
      throw new ProcessRequestException(
          "data_sm is not supported by a simulated phone", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }
}
