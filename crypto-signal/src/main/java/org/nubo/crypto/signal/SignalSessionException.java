package org.nubo.crypto.signal;

/**
 * Why a message could not be sealed or unsealed. The subclasses say what the app should do; {@link
 * #code()} is a stable name for logs and metrics (never with tokens or content).
 */
public abstract class SignalSessionException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;

  SignalSessionException(
      String code, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** A stable, content-free name of the failure. */
  public String code() {
    return code;
  }
}
