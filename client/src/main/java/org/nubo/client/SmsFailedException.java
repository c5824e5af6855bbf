package org.nubo.client;

/** The phone could not send an SMS. */
public final class SmsFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SmsFailedException(String message) {
    super(message);
  }

  public SmsFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
