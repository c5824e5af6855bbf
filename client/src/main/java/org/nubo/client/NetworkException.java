package org.nubo.client;

/** The server could not be reached, or the connection broke. Code {@code network}. */
public final class NetworkException extends NuboException {
  private static final long serialVersionUID = 1L;

  NetworkException(String message, Throwable cause) {
    super("network", message, cause);
  }
}
