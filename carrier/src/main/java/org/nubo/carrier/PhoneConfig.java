package org.nubo.carrier;

import java.time.Duration;

/**
 * How a simulated phone reaches its carrier.
 *
 * @param host the carrier simulator's host
 * @param port the carrier simulator's port
 * @param number the phone's E.164 number, which is also its SMPP system_id
 * @param password the carrier's shared phone password
 * @param timeout the bound on connecting, binding, a submit_sm's answer, and on how long {@link
 *     SimulatedSmsTransport#send} waits for a link that is being re-established
 * @param maxBackoff the longest pause between two attempts to bind again after the link dropped
 */
public record PhoneConfig(
    String host, int port, String number, String password, Duration timeout, Duration maxBackoff) {
  public PhoneConfig {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535");
    }
    if (!PhoneNumbers.isValid(number)) {
      throw new IllegalArgumentException(
          "a phone number is E.164 with at most 14 digits, e.g. +14155550101");
    }
    CarrierConfig.checkPassword(password);
    if (timeout.isNegative()
        || timeout.isZero()
        || maxBackoff.isNegative()
        || maxBackoff.isZero()) {
      throw new IllegalArgumentException("timeout and maxBackoff must be positive");
    }
  }

  /** The demo password, a 5-second timeout, and at most 2 seconds between bind attempts. */
  public static PhoneConfig of(String host, int port, String number) {
    return new PhoneConfig(
        host,
        port,
        number,
        CarrierConfig.DEFAULT_PHONE_PASSWORD,
        Duration.ofSeconds(5),
        Duration.ofSeconds(2));
  }

  public PhoneConfig withPassword(String otherPassword) {
    return new PhoneConfig(host, port, number, otherPassword, timeout, maxBackoff);
  }

  public PhoneConfig withTimeout(Duration otherTimeout) {
    return new PhoneConfig(host, port, number, password, otherTimeout, maxBackoff);
  }

  public PhoneConfig withMaxBackoff(Duration otherMaxBackoff) {
    return new PhoneConfig(host, port, number, password, timeout, otherMaxBackoff);
  }
}
