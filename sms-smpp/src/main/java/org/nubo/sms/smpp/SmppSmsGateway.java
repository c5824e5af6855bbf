package org.nubo.sms.smpp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jspecify.annotations.Nullable;
import org.nubo.core.verification.SmsGateway;
import org.nubo.core.verification.SmsGatewayException;
import org.nubo.smpp.SmppAddress;
import org.nubo.smpp.SmppSubmit;
import org.nubo.smpp.SmsText;
import org.nubo.smpp.TimedSocketConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the server's SMS (verification codes) to a carrier or aggregator over SMPP 3.4.
 *
 * <p>The gateway binds as a transmitter on the first {@link #send} (or on {@link #connect()}) and
 * keeps the bind for later sends; jSMPP's enquire_link notices a dead link while idle. When the
 * link has dropped, the next send binds again, and a submit that fails because the link broke under
 * it is tried once more on a fresh bind: the carrier never took it, so this cannot send a code
 * twice. A submit the carrier did not answer in time is not retried, as it may have been taken.
 * Every failure is a {@link SmsGatewayException} whose message says what went wrong and never names
 * the recipient or the text. Safe for concurrent use.
 */
public final class SmppSmsGateway implements SmsGateway, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmppSmsGateway.class);
  private static final int ENQUIRE_LINK_MILLIS = 30_000;
  private static final long UNBIND_WAIT_MILLIS = 500;

  private final SmppGatewayConfig config;
  private final ReentrantLock bindLock = new ReentrantLock();
  private volatile @Nullable SMPPSession session;
  private volatile boolean closed;

  public SmppSmsGateway(SmppGatewayConfig config) {
    this.config = config;
  }

  /**
   * Binds now instead of at the first send, e.g. so the server fails at start-up on a wrong
   * password. Does nothing if already bound.
   *
   * @throws SmsGatewayException if the carrier cannot be reached or refuses the bind
   */
  public void connect() {
    boundSession();
  }

  /** Whether the gateway holds a live bind right now. */
  public boolean isBound() {
    SMPPSession current = session;
    return current != null && current.getSessionState().isBound();
  }

  @Override
  public void send(String e164Number, String text) {
    if (!SmppAddress.isE164(e164Number)) {
      throw new SmsGatewayException("the recipient is not an E.164 number");
    }
    SmsText coded = SmsText.encode(text);
    SMPPSession current = boundSession();
    try {
      submit(current, e164Number, coded);
    } catch (IOException linkBroke) {
      log.info(
          "SMPP link to {}:{} broke during a submit; binding again", config.host(), config.port());
      discard(current);
      try {
        submit(boundSession(), e164Number, coded);
      } catch (IOException e) {
        throw new SmsGatewayException("the link to the carrier broke while sending the SMS", e);
      }
    }
  }

  /** Unbinds; later sends fail. Safe to repeat. */
  @Override
  public void close() {
    bindLock.lock();
    try {
      closed = true;
      SMPPSession current = session;
      session = null;
      if (current != null) {
        unbindAndClose(current);
      }
    } finally {
      bindLock.unlock();
    }
  }

  /** Submits once; an IOException means the carrier did not take the SMS and may be retried. */
  private void submit(SMPPSession current, String e164Number, SmsText coded) throws IOException {
    try {
      SmppSubmit.send(current, config.sourceAddress(), e164Number, coded);
    } catch (NegativeResponseException e) {
      throw new SmsGatewayException(
          "the carrier refused the SMS (" + status(e.getCommandStatus()) + ")", e);
    } catch (ResponseTimeoutException e) {
      throw new SmsGatewayException(
          "the carrier did not answer the SMS within " + config.responseTimeout(), e);
    } catch (InvalidResponseException e) {
      discard(current);
      throw new SmsGatewayException("the carrier sent an invalid answer to the SMS", e);
    } catch (PDUException e) {
      // Not chained: jSMPP's message quotes the offending field, which may be the number.
      throw new SmsGatewayException("the SMS could not be encoded as an SMPP submit_sm");
    }
  }

  private SMPPSession boundSession() {
    SMPPSession current = session;
    if (current != null && current.getSessionState().isBound()) {
      return current;
    }
    bindLock.lock();
    try {
      if (closed) {
        throw new SmsGatewayException("the SMS gateway is closed");
      }
      current = session;
      if (current != null && current.getSessionState().isBound()) {
        return current;
      }
      if (current != null) {
        current.close();
        session = null;
      }
      SMPPSession fresh =
          new SMPPSession(new TimedSocketConnectionFactory(config.connectTimeout()));
      fresh.setTransactionTimer(config.responseTimeout().toMillis());
      fresh.setEnquireLinkTimer(ENQUIRE_LINK_MILLIS);
      try {
        fresh.connectAndBind(
            config.host(),
            config.port(),
            new BindParameter(
                BindType.BIND_TX,
                config.systemId(),
                config.password(),
                "nubo",
                TypeOfNumber.UNKNOWN,
                NumberingPlanIndicator.UNKNOWN,
                null),
            config.responseTimeout().toMillis());
      } catch (IOException e) {
        throw new SmsGatewayException(bindFailure(e), e);
      }
      log.info(
          "SMPP gateway bound to {}:{} as {}", config.host(), config.port(), config.systemId());
      session = fresh;
      return fresh;
    } finally {
      bindLock.unlock();
    }
  }

  private void discard(SMPPSession broken) {
    bindLock.lock();
    try {
      if (session == broken) {
        session = null;
      }
    } finally {
      bindLock.unlock();
    }
    broken.close();
  }

  private String bindFailure(IOException e) {
    String where = "the carrier at " + config.host() + ":" + config.port();
    if (e instanceof ConnectException) {
      return "could not connect to " + where + " (connection refused)";
    }
    if (e instanceof SocketTimeoutException) {
      return "could not connect to " + where + " within " + config.connectTimeout();
    }
    if (e.getCause() instanceof NegativeResponseException refused) {
      String why =
          switch (refused.getCommandStatus()) {
            case SMPPConstant.STAT_ESME_RINVPASWD -> "wrong password";
            case SMPPConstant.STAT_ESME_RINVSYSID -> "unknown system_id";
            default -> status(refused.getCommandStatus());
          };
      return where + " refused the bind as " + config.systemId() + ": " + why;
    }
    if (e.getCause() instanceof ResponseTimeoutException) {
      return where + " did not answer the bind within " + config.responseTimeout();
    }
    return "could not bind to " + where + ": " + e.getClass().getSimpleName();
  }

  private static String status(int commandStatus) {
    return String.format("SMPP status 0x%08x", commandStatus);
  }

  /** Unbinds without waiting long: jSMPP may miss an unbind_resp that races the server's close. */
  private static void unbindAndClose(SMPPSession current) {
    current.setTransactionTimer(UNBIND_WAIT_MILLIS);
    current.unbindAndClose();
  }
}
