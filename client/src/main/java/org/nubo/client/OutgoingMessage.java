package org.nubo.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A message this phone sends, as it stands now. Each message reaches exactly one final state:
 * {@link State#DELIVERED_IP}, {@link State#SENT_SMS} or {@link State#FAILED}.
 *
 * @param id the 64-bit message id, random; a fallback SMS carries it in its tag
 * @param to the recipient, E.164
 * @param via the route taken or being tried; {@link Via#NONE} while queued
 * @param failure why a {@link State#FAILED} message failed; {@link Failure#NONE} otherwise
 */
public record OutgoingMessage(
    long id,
    String to,
    String text,
    State state,
    Via via,
    Failure failure,
    Instant createdAt,
    Instant updatedAt) {

  public OutgoingMessage {
    // A state document written before failures were recorded has none.
    failure = orNone(failure);
  }

  /** Where a message is in its life. */
  public enum State {
    /** Accepted; the SDK is finding the recipient or waiting for a connection. */
    QUEUED,
    /** On its way, over IP (waiting for the server's decision) or handed to the SMS transport. */
    SENDING,
    /** Final: a recipient device took it over IP. */
    DELIVERED_IP,
    /** Final: sent as a carrier SMS. */
    SENT_SMS,
    /** Final: IP was not possible and no SMS went out; {@link #failure()} says why. */
    FAILED;

    /** Whether this state is one of the final three. */
    public boolean isFinal() {
      return this == DELIVERED_IP || this == SENT_SMS || this == FAILED;
    }
  }

  /** Why a message ended {@link State#FAILED}. */
  public enum Failure {
    /** The message has not failed. */
    NONE,
    /** The SMS transport refused or failed to send it. */
    SMS_TRANSPORT,
    /**
     * IP was not possible and the user has turned SMS fallback off (for everyone, or for this
     * conversation), so the message was not sent at all.
     */
    SMS_FALLBACK_OFF
  }

  /**
   * Whether this message travelled, or is travelling, as a carrier SMS: in clear, readable by the
   * carriers on the way, unlike a message over IP, which only the recipient's phone can read.
   */
  public boolean readableByCarrier() {
    return via == Via.SMS;
  }

  /** Whether the message has reached its final state. */
  public boolean isFinal() {
    return state.isFinal();
  }

  OutgoingMessage with(State newState, Via newVia, Instant now) {
    return with(newState, newVia, Failure.NONE, now);
  }

  OutgoingMessage with(State newState, Via newVia, Failure newFailure, Instant now) {
    return new OutgoingMessage(id, to, text, newState, newVia, newFailure, createdAt, now);
  }

  private static Failure orNone(@Nullable Failure failure) {
    return failure == null ? Failure.NONE : failure;
  }
}
