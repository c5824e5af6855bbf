package org.nubo.server.http;

import org.jspecify.annotations.Nullable;

/** What a handler answers: a status and a body to serialise as JSON (none for 204). */
public record ApiResponse(int status, @Nullable Object body) {
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
