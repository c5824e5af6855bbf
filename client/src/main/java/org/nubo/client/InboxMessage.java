package org.nubo.client;

import java.time.Instant;

/**
 * A message shown to the user, once, however it arrived.
 *
 * @param from the sender, E.164 when it could be normalised, otherwise as the carrier gave it
 * @param via {@link Via#IP} or {@link Via#SMS}
 * @param sentAt when the sender wrote it (over IP), or when the SMS arrived
 */
public record InboxMessage(String from, String text, Via via, Instant sentAt, Instant receivedAt) {

  /**
   * Whether this message arrived as a carrier SMS: in clear, readable by the carriers on the way,
   * unlike a message over IP.
   */
  public boolean readableByCarrier() {
    return via == Via.SMS;
  }
}
