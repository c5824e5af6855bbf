package org.nubo.server.http;

import com.fasterxml.jackson.core.JacksonException;
import org.nubo.core.Conflict;
import org.nubo.core.CoreException;
import org.nubo.core.InvalidRequest;
import org.nubo.core.NotFound;
import org.nubo.core.PayloadTooLarge;
import org.nubo.core.RateLimited;
import org.nubo.core.SessionGone;
import org.nubo.core.Unauthenticated;
import org.nubo.core.Unavailable;
import org.nubo.core.WrongCode;
import org.nubo.core.accounts.StorageException;
import org.nubo.protocol.ProtocolException;

/**
 * The one place where failures become statuses, for HTTP responses and WebSocket replies alike.
 * Anything not listed is a bug on our side: 500 with a generic message, details only in the log.
 */
public final class ErrorTable {
  /** A failure as the caller sees it. */
  public record Failure(int status, String code, String message, long retryAfterSeconds) {}

  private ErrorTable() {}

  public static Failure describe(Throwable error) {
    return switch (error) {
      case CoreException e -> new Failure(status(e), e.code(), messageOf(e), retryAfter(e));
      case ProtocolException e ->
          new Failure(
              e.code().equals("payload_too_large") || e.code().equals("frame_too_large")
                  ? 413
                  : 400,
              e.code(),
              messageOf(e),
              0);
      case JacksonException e ->
          new Failure(400, "malformed_json", "the body is not the JSON this route expects", 0);
      case StorageException e ->
          new Failure(503, "storage_unavailable", "storage is unavailable; try again shortly", 0);
      default -> new Failure(500, "internal_error", "something went wrong on the server", 0);
    };
  }

  /** Whether the failure is the server's fault (worth logging as an error). */
  public static boolean isServerFault(Failure failure) {
    return failure.status() >= 500;
  }

  private static int status(CoreException e) {
    return switch (e) {
      case InvalidRequest x -> 400;
      case Unauthenticated x -> 401;
      case WrongCode x -> 403;
      case NotFound x -> 404;
      case Conflict x -> 409;
      case SessionGone x -> 410;
      case PayloadTooLarge x -> 413;
      case RateLimited x -> 429;
      case Unavailable x -> 503;
    };
  }

  private static long retryAfter(CoreException e) {
    return e instanceof RateLimited limited ? limited.retryAfterSeconds() : 0;
  }

  private static String messageOf(Throwable e) {
    String message = e.getMessage();
    return message == null ? "request failed" : message;
  }
}
