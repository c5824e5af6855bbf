package org.nubo.client;

import java.time.Duration;

/**
 * The server answered with an error: its HTTP status, its stable code (e.g. {@code wrong_code},
 * {@code session_gone}, {@code rate_limited}) and message, and for {@code 429} how long to wait.
 */
public final class ServerException extends NuboException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Duration retryAfter;

  ServerException(int status, String code, String message, Duration retryAfter) {
    super(code, message);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** How long the server asked to wait before trying again; zero when it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
