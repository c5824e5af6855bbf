package org.nubo.crypto.signal;

/**
 * Thrown for a key or signature that does not parse or verify; {@link #code()} is {@code "bad_key"}
 * or {@code "bad_signature"}, the codes the server's error table answers with.
 */
public final class SignalKeyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A key, certificate or key file that does not parse, or does not match its partner. */
  static final String BAD_KEY = "bad_key";

  /** A signature that does not verify under the key it claims. */
  static final String BAD_SIGNATURE = "bad_signature";

  private final String code;

  private SignalKeyException(
      String code, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  static SignalKeyException badKey(String message) {
    return new SignalKeyException(BAD_KEY, message, null);
  }

  static SignalKeyException badKey(String message, Throwable cause) {
    return new SignalKeyException(BAD_KEY, message, cause);
  }

  static SignalKeyException badSignature(String message) {
    return new SignalKeyException(BAD_SIGNATURE, message, null);
  }

  /** {@code "bad_key"} or {@code "bad_signature"}. */
  public String code() {
    return code;
  }
}
