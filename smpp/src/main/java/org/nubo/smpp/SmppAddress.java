package org.nubo.smpp;

import java.util.regex.Pattern;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * Addresses as SMPP carries them. Inside Nubo an address is an E.164 number with its plus or an
 * alphanumeric sender id such as "Nubo"; in a PDU a number travels as digits without the plus,
 * marked international (TON 1, NPI ISDN), which is what real SMSCs expect, and a sender id as
 * alphanumeric (TON 5, NPI unknown).
 */
public final class SmppAddress {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");

  private SmppAddress() {}

  /** Whether the address is an E.164 number: a plus and 6 to 15 digits, the first not 0. */
  public static boolean isE164(String address) {
    return E164.matcher(address).matches();
  }

  /** The address as a PDU carries it: an E.164 number loses its plus, anything else stays. */
  public static String toSmpp(String address) {
    return isE164(address) ? address.substring(1) : address;
  }

  /**
   * The address as Nubo names it: an international or all-digit address gets its plus back, an
   * alphanumeric sender (e.g. "Nubo") stays as it is.
   */
  public static String fromSmpp(byte ton, String address) {
    boolean digits = !address.isEmpty() && address.chars().allMatch(c -> c >= '0' && c <= '9');
    if (digits
        && (ton == TypeOfNumber.INTERNATIONAL.value() || ton == TypeOfNumber.UNKNOWN.value())) {
      return "+" + address;
    }
    return address;
  }

  /** International for an E.164 number, alphanumeric for anything else. */
  public static TypeOfNumber tonOf(String address) {
    return isE164(address) ? TypeOfNumber.INTERNATIONAL : TypeOfNumber.ALPHANUMERIC;
  }

  /** ISDN (E.164) for a number, unknown for anything else. */
  public static NumberingPlanIndicator npiOf(String address) {
    return isE164(address) ? NumberingPlanIndicator.ISDN : NumberingPlanIndicator.UNKNOWN;
  }
}
