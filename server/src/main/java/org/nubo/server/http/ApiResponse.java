package org.nubo.server.http;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a handler answers: a status, a body to serialise as JSON (none for 204 and 304; a {@link
 * Binary} is written as is) and extra headers.
 */
public record ApiResponse(int status, @Nullable Object body, Map<String, String> headers) {
  /** A body written as it is, not as JSON. */
  @SuppressWarnings("ArrayRecordComponent") // written once
  public record Binary(String contentType, byte[] bytes) {}

  public ApiResponse(int status, @Nullable Object body) {
    this(status, body, Map.of());
  }

  public static ApiResponse ok(Object body) {
    return new ApiResponse(200, body);
  }

  public static ApiResponse created(Object body) {
    return new ApiResponse(201, body);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null);
  }
}
