package org.nubo.protocol;

import java.util.Arrays;
import java.util.Base64;

/**
 * The opaque 32-byte name of an account: a keyed PRF of its phone number. It is how devices address
 * each other; it reveals the number to no one who lacks the server's key.
 */
public final class AccountToken {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final byte[] bytes;

  private AccountToken(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps the raw token, refusing anything but exactly {@link WireLimits#TOKEN_BYTES} bytes. */
  public static AccountToken of(byte[] bytes) {
    if (bytes.length != WireLimits.TOKEN_BYTES) {
      throw new ProtocolException(
          "bad_token", "an account token is " + WireLimits.TOKEN_BYTES + " bytes");
    }
    return new AccountToken(bytes.clone());
  }

  /**
   * The token of a phone number from its 64-byte RFC 9497 OPRF output (ristretto255-SHA512): the
   * output's first 32 bytes. The server computes it at registration with the direct Evaluate, the
   * phone with Blind, BlindEvaluate and Finalize; both get the same bytes.
   */
  public static AccountToken fromOprfOutput(byte[] output) {
    if (output.length != 64) {
      throw new ProtocolException("bad_token", "an OPRF output is 64 bytes");
    }
    return new AccountToken(java.util.Arrays.copyOf(output, WireLimits.TOKEN_BYTES));
  }

  /** Parses the base64url text form used in JSON. */
  public static AccountToken parse(String text) {
    byte[] raw;
    try {
      raw = DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("bad_token", "an account token is base64url text", e);
    }
    return of(raw);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** The base64url text form (43 characters). */
  public String text() {
    return ENCODER.encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccountToken other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Deliberately short: a token is not secret, but logs should not carry it either. */
  @Override
  public String toString() {
    return "AccountToken[…]";
  }
}
