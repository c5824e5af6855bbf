package org.nubo.core.verification;

/** The SMS gateway could not hand a message to the carrier. Says why, never to whom. */
public final class SmsGatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SmsGatewayException(String message) {
    super(message);
  }

  public SmsGatewayException(String message, Throwable cause) {
    super(message, cause);
  }
}
