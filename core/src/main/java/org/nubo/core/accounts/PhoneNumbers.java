package org.nubo.core.accounts;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.nubo.core.InvalidRequest;

/**
 * Parses what a device sent into one canonical E.164 form, so that every way of writing a number
 * ({@code +1 (415) 555-0101}, {@code +14155550101}) yields the same account token. The server has
 * no default region: devices send international numbers.
 */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
  private static final int MAX_INPUT = 64;

  private PhoneNumbers() {}

  /**
   * The E.164 form of {@code input}.
   *
   * @throws InvalidRequest (code {@code invalid_number}) if it is not a valid international number
   */
  public static String normalize(String input) {
    if (input.length() > MAX_INPUT) {
      throw invalid();
    }
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(input, "ZZ");
    } catch (NumberParseException e) {
      throw invalid();
    }
    if (!UTIL.isValidNumber(parsed)) {
      throw invalid();
    }
    return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  private static InvalidRequest invalid() {
    return new InvalidRequest(
        "invalid_number",
        "not a valid phone number: use the international form with country code, like +14155550101");
  }
}
