package org.nubo.protocol;

/**
 * Bytes or text that do not form a valid Nubo frame, tag or token. The message says what was wrong
 * in terms a developer can act on, and never repeats the offending content.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  public ProtocolException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ProtocolException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** Stable, machine-readable reason, such as {@code "frame_too_large"}. */
  public String code() {
    return code;
  }
}
