package org.nubo.client;

import java.time.Instant;

/**
 * A message this phone sends, as it stands now. Each message reaches exactly one final state:
 * {@link State#DELIVERED_IP}, {@link State#SENT_SMS} or {@link State#FAILED}.
 *
 * @param id the 64-bit message id, random; a fallback SMS carries it in its tag
 * @param to the recipient, E.164
 * @param via the route taken or being tried; {@link Via#NONE} while queued
 */
public record OutgoingMessage(
    long id, String to, String text, State state, Via via, Instant createdAt, Instant updatedAt) {

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
    /** Final: IP was not possible and the SMS transport failed. */
    FAILED;

    /** Whether this state is one of the final three. */
    public boolean isFinal() {
      return this == DELIVERED_IP || this == SENT_SMS || this == FAILED;
    }
  }

  /** Whether the message has reached its final state. */
  public boolean isFinal() {
    return state.isFinal();
  }

  OutgoingMessage with(State newState, Via newVia, Instant now) {
    return new OutgoingMessage(id, to, text, newState, newVia, createdAt, now);
  }
}
