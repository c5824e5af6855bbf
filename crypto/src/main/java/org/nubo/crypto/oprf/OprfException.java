package org.nubo.crypto.oprf;

/** A malformed OPRF message or key, or an input the protocol refuses. */
public class OprfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with {@code message}. */
  public OprfException(String message) {
    super(message);
  }

  /** An error with {@code message}, caused by {@code cause}. */
  public OprfException(String message, Throwable cause) {
    super(message, cause);
  }
}
