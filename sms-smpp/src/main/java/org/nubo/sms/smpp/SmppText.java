package org.nubo.sms.smpp;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;

/**
 * How a text and an address travel in a submit_sm. The rules match the carrier simulator's (module
 * nubo-carrier), which this module must not depend on at run time.
 *
 * <p>A text made only of characters with the same byte value in ASCII and the GSM 03.38 default
 * alphabet goes as data_coding 0, so it reads the same whichever the carrier takes "SMSC default"
 * to mean; anything else goes as UCS-2 (data_coding 8). A text longer than one segment goes in the
 * message_payload TLV, which SMPP 3.4 carriers accept in place of concatenation by UDH.
 */
final class SmppText {
  static final int MAX_SHORT_MESSAGE_OCTETS = 140;
  private static final String SAFE_PUNCTUATION = " !\"#%&'()*+,-./:;<=>?\n\r";
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");

  private final byte dataCoding;
  private final byte[] bytes;

  private SmppText(byte dataCoding, byte[] bytes) {
    this.dataCoding = dataCoding;
    this.bytes = bytes;
  }

  static SmppText encode(String text) {
    return isSafeForDefaultAlphabet(text)
        ? new SmppText((byte) 0x00, text.getBytes(StandardCharsets.US_ASCII))
        : new SmppText((byte) 0x08, text.getBytes(StandardCharsets.UTF_16BE));
  }

  static boolean isE164(String address) {
    return E164.matcher(address).matches();
  }

  /** International numbers travel without the plus; the TON says they are international. */
  static String toSmpp(String address) {
    return isE164(address) ? address.substring(1) : address;
  }

  RawDataCoding coding() {
    return new RawDataCoding(dataCoding);
  }

  byte[] shortMessage() {
    return fitsShortMessage() ? bytes.clone() : new byte[0];
  }

  OptionalParameter[] optionalParameters() {
    return fitsShortMessage()
        ? new OptionalParameter[0]
        : new OptionalParameter[] {new OptionalParameter.Message_payload(bytes.clone())};
  }

  private boolean fitsShortMessage() {
    return bytes.length <= MAX_SHORT_MESSAGE_OCTETS;
  }

  private static boolean isSafeForDefaultAlphabet(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && SAFE_PUNCTUATION.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
