package org.nubo.carrier;

import java.util.regex.Pattern;

/**
 * A simulated phone's number: an E.164 number short enough to be its SMPP system_id, which is also
 * how the carrier tells a phone's bind from a gateway's. How numbers travel in a PDU is {@link
 * org.nubo.smpp.SmppAddress}'s business.
 */
final class PhoneNumbers {
  /** SMPP's system_id holds at most 15 characters, so a phone's number may have 14 digits. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,13}");

  private PhoneNumbers() {}

  /** Whether the number can be a phone's: E.164 with at most 14 digits. */
  static boolean isValid(String number) {
    return E164.matcher(number).matches();
  }

  /** Enough of a number to tell phones apart in a log, not enough to identify a person. */
  static String redact(String number) {
    if (number.length() <= 4) {
      return "***";
    }
    return number.substring(0, 2) + "***" + number.substring(number.length() - 2);
  }
}
