package org.nubo.core.verification;

/**
 * Port: sends one SMS to a phone number on the server's behalf (verification codes). The production
 * adapter speaks SMPP to a carrier or aggregator; the demo's adapter talks to the carrier simulator
 * the same way.
 *
 * <p>Implementations must not log the number or the text.
 */
public interface SmsGateway {
  /**
   * Hands the text to the carrier for delivery to {@code e164Number}.
   *
   * @throws SmsGatewayException if the carrier could not be reached or refused the message
   */
  void send(String e164Number, String text);
}
