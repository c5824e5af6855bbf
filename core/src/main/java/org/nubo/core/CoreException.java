package org.nubo.core;

/**
 * Everything a caller can get wrong or run into, as data. Transports map each subtype to a status
 * in one table, so a mistake has the same code over HTTP and over the WebSocket. Messages are
 * written for the person who made the request and never contain personal data.
 */
public abstract sealed class CoreException extends RuntimeException
    permits InvalidRequest,
        Unauthenticated,
        WrongCode,
        SessionGone,
        NotFound,
        PayloadTooLarge,
        RateLimited,
        Unavailable,
        Conflict {
  private static final long serialVersionUID = 1L;

  private final String code;

  protected CoreException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** Stable, machine-readable reason. */
  public String code() {
    return code;
  }
}
