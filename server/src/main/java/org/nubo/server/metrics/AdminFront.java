package org.nubo.server.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.nubo.server.http.HttpFront;

/**
 * The admin listener (loopback by default): {@code GET /metrics} for Prometheus and {@code GET
 * /health} for load balancers and orchestrators. Apart from any network library: the transport
 * calls {@link #handle} for each request.
 */
public final class AdminFront {
  private final ServerMetrics metrics;

  public AdminFront(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  /** Answers one request on the admin port. */
  public HttpFront.Answer handle(String method, String path) {
    if (!method.equals("GET")) {
      return reply(405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
    }
    return switch (path) {
      case "/metrics" -> reply(200, ServerMetrics.contentType(), metrics.scrape());
      case "/health" ->
          reply(200, "application/json", "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      default ->
          reply(404, "text/plain", "try /metrics or /health\n".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static HttpFront.Answer reply(int status, String type, byte[] body) {
    return new HttpFront.Answer(status, Map.of("Content-Type", type), body);
  }
}
