package org.nubo.client;

/** A phone number that cannot be read as a valid number. Code {@code invalid_number}. */
public final class InvalidNumberException extends NuboException {
  private static final long serialVersionUID = 1L;

  InvalidNumberException(String message) {
    super("invalid_number", message);
  }

  InvalidNumberException(String message, Throwable cause) {
    super("invalid_number", message, cause);
  }
}
