package org.nubo.client;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/** Turns what a user typed into E.164, with the same validity rule as the server. */
final class Numbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final String defaultRegion;

  Numbers(String defaultRegion) {
    this.defaultRegion = defaultRegion;
  }

  /**
   * @throws InvalidNumberException if {@code text} is not a valid number
   */
  String normalise(String text) {
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(text, defaultRegion);
    } catch (NumberParseException e) {
      throw new InvalidNumberException("not a phone number: " + e.getErrorType());
    }
    if (!UTIL.isValidNumber(parsed)) {
      throw new InvalidNumberException("not a valid phone number for its country");
    }
    return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
  }

  /** E.164 when possible; otherwise the text as given (an SMS from a short code, say). */
  String normaliseOrKeep(String text) {
    try {
      return normalise(text);
    } catch (InvalidNumberException e) {
      return text;
    }
  }
}
