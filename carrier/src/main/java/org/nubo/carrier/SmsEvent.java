package org.nubo.carrier;

import java.time.Instant;

/**
 * One SMS passing through the carrier, for a UI that draws the traffic. Unlike the logs, an event
 * carries the full addresses and the text: it stays in the process that listens.
 *
 * @param stage whether the carrier just took the SMS or just handed it to the phone
 * @param from the sender's number, or a gateway's sender id
 * @param to the recipient's number
 * @param text the text as decoded by the carrier
 * @param segments billable segments of the text
 * @param at when it happened, by the carrier's clock
 */
public record SmsEvent(Stage stage, String from, String to, String text, int segments, Instant at) {

  /** Where in its journey the SMS is. */
  public enum Stage {
    /** The carrier accepted the SMS (the recipient may be offline; then it waits). */
    SUBMITTED,
    /** The recipient's phone acknowledged the SMS. */
    DELIVERED
  }
}
