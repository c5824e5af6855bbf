package org.nubo.carrier;

import java.util.regex.Pattern;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * E.164 numbers as SMPP carries them: digits without the plus, marked international (TON 1, NPI
 * ISDN), which is what real SMSCs expect. Inside Nubo a number always keeps its plus.
 */
final class PhoneNumbers {
  /** SMPP's system_id holds at most 15 characters, so a phone's number may have 14 digits. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,13}");

  private PhoneNumbers() {}

  static boolean isE164(String number) {
    return E164.matcher(number).matches();
  }

  /** The number in the form SMPP addresses carry; accepts it with or without the plus. */
  static String toSmpp(String e164) {
    return e164.startsWith("+") ? e164.substring(1) : e164;
  }

  /**
   * The address as Nubo names it: an international or all-digit address gets its plus back, an
   * alphanumeric sender (e.g. "Nubo") stays as it is.
   */
  static String fromSmpp(byte ton, String address) {
    boolean digits = !address.isEmpty() && address.chars().allMatch(c -> c >= '0' && c <= '9');
    if (digits
        && (ton == TypeOfNumber.INTERNATIONAL.value() || ton == TypeOfNumber.UNKNOWN.value())) {
      return "+" + address;
    }
    return address;
  }

  static TypeOfNumber tonOf(String address) {
    return isE164(address) ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
  }

  static NumberingPlanIndicator npiOf(String address) {
    return isE164(address) ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
  }

  /** Enough of a number to tell phones apart in a log, not enough to identify a person. */
  static String redact(String number) {
    if (number.length() <= 4) {
      return "***";
    }
    return number.substring(0, 2) + "***" + number.substring(number.length() - 2);
  }
}
