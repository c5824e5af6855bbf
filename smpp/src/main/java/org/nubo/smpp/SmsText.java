package org.nubo.smpp;

import java.nio.charset.StandardCharsets;
import org.jsmpp.bean.MessageRequest;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;

/**
 * How a text travels inside an SMPP PDU (submit_sm or deliver_sm). A text made only of characters
 * that have the same byte value in ASCII and in the GSM 03.38 default alphabet goes as data_coding
 * 0, so it reads the same whether the far end takes "SMSC default" to mean GSM or ASCII (carriers
 * differ); anything else goes as UCS-2 (data_coding 8, UTF-16BE, which carries emoji as surrogate
 * pairs). The fallback tag of {@code org.nubo.protocol.SmsTag} is inside the safe set, so it never
 * forces UCS-2. A text longer than one short_message goes in the message_payload TLV, which SMPP
 * 3.4 carriers accept in place of concatenation by UDH.
 */
public final class SmsText {
  public static final byte DEFAULT_ALPHABET = 0x00;
  public static final byte UCS2 = 0x08;

  /** What one SMPP short_message may hold; longer texts go in the message_payload TLV. */
  public static final int MAX_SHORT_MESSAGE_OCTETS = 140;

  private static final String SAFE_PUNCTUATION = " !\"#%&'()*+,-./:;<=>?\n\r";

  private final byte dataCoding;
  private final byte[] bytes;

  private SmsText(byte dataCoding, byte[] bytes) {
    this.dataCoding = dataCoding;
    this.bytes = bytes;
  }

  public static SmsText encode(String text) {
    return isSafeForDefaultAlphabet(text)
        ? new SmsText(DEFAULT_ALPHABET, text.getBytes(StandardCharsets.US_ASCII))
        : new SmsText(UCS2, text.getBytes(StandardCharsets.UTF_16BE));
  }

  /**
   * Reads bytes as the sender coded them. Data coding 0 is read as Latin-1: for the safe set it
   * equals ASCII and GSM, and it never fails on other octets.
   */
  public static String decode(byte dataCoding, byte[] bytes) {
    return switch (dataCoding & 0x0F) {
      case UCS2 -> new String(bytes, StandardCharsets.UTF_16BE);
      default -> new String(bytes, StandardCharsets.ISO_8859_1);
    };
  }

  /** The text of a submit_sm or deliver_sm, from message_payload if present, else short_message. */
  public static String read(MessageRequest request) {
    OptionalParameter payload = request.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
    byte[] body;
    if (payload instanceof OptionalParameter.OctetString octets) {
      body = octets.getValue();
    } else {
      byte[] shortMessage = request.getShortMessage();
      body = shortMessage == null ? new byte[0] : shortMessage;
    }
    return decode(request.getDataCoding(), body);
  }

  /** How many SMS a handset network would bill for this text (concatenated segments). */
  public static int segments(String text) {
    if (isSafeForDefaultAlphabet(text)) {
      return text.length() <= 160 ? 1 : (text.length() + 152) / 153;
    }
    int units = text.length();
    return units <= 70 ? 1 : (units + 66) / 67;
  }

  public byte dataCoding() {
    return dataCoding;
  }

  /** The data_coding field. */
  public RawDataCoding coding() {
    return new RawDataCoding(dataCoding);
  }

  /** The short_message field: the text if it fits one segment, else empty. */
  public byte[] shortMessage() {
    return fitsShortMessage() ? bytes.clone() : new byte[0];
  }

  /** The TLVs to send: a message_payload carrying the text if it does not fit one segment. */
  public OptionalParameter[] optionalParameters() {
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
