package org.nubo.client;

/**
 * Why an SDK call failed. {@link #code()} is stable and machine-readable; server errors carry the
 * server's code (see {@link ServerException}), SDK-side ones use their own ({@code invalid_number},
 * {@code network}, {@code no_session}, {@code closed}).
 */
public class NuboException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;

  NuboException(String code, String message) {
    super(message);
    this.code = code;
  }

  NuboException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
