package org.nubo.protocol;

import java.util.Optional;

/**
 * The compact mark a fallback SMS carries so the recipient's phone shows a message once, however it
 * arrived. The tag is the last line of the SMS: {@code #N1} followed by the 64-bit message id in 13
 * characters of Crockford base32. Every character is in the GSM 7-bit default alphabet, so the tag
 * never forces the whole SMS into UCS-2; it costs 17 characters including the newline.
 *
 * <p>Example: {@code "See you at 8\n#N10123456789ABC"}. A phone without Nubo shows the tag as a
 * harmless last line.
 */
public final class SmsTag {
  private static final String PREFIX = "\n#N1";
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int DIGITS = 13;

  /** An SMS body split into what the user wrote and the message id of its tag, if it had one. */
  public record Parsed(String text, Optional<Long> messageId) {}

  private SmsTag() {}

  /** Appends the tag for {@code messageId} to {@code text}. */
  public static String append(String text, long messageId) {
    return text + PREFIX + encode(messageId);
  }

  /** Splits a received SMS body; a body without a well-formed tag is returned unchanged. */
  public static Parsed parse(String body) {
    int at = body.length() - PREFIX.length() - DIGITS;
    if (at < 0 || !body.startsWith(PREFIX, at)) {
      return new Parsed(body, Optional.empty());
    }
    long id = 0;
    for (int i = body.length() - DIGITS; i < body.length(); i++) {
      int digit = digit(body.charAt(i));
      if (digit < 0) {
        return new Parsed(body, Optional.empty());
      }
      id = (id << 5) | digit;
    }
    // 13 digits hold 65 bits; the first carries only the top 4 of the id's 64, so above 15 is
    // not a tag this codec wrote.
    if (digit(body.charAt(body.length() - DIGITS)) > 15) {
      return new Parsed(body, Optional.empty());
    }
    return new Parsed(body.substring(0, at), Optional.of(id));
  }

  static String encode(long id) {
    char[] out = new char[DIGITS];
    long rest = id;
    for (int i = DIGITS - 1; i >= 0; i--) {
      out[i] = ALPHABET[(int) (rest & 31)];
      rest >>>= 5;
    }
    return new String(out);
  }

  private static int digit(char c) {
    for (int i = 0; i < ALPHABET.length; i++) {
      if (ALPHABET[i] == c) {
        return i;
      }
    }
    return -1;
  }
}
