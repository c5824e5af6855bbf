package org.nubo.server.metrics;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The admin listener (loopback by default): {@code GET /metrics} for Prometheus and {@code GET
 * /health} for load balancers and orchestrators.
 */
public final class AdminFront extends Handler.Abstract {
  private final ServerMetrics metrics;

  public AdminFront(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    if (!request.getMethod().equals("GET")) {
      return reply(
          response, callback, 405, "text/plain", "GET only\n".getBytes(StandardCharsets.UTF_8));
    }
    return switch (path) {
      case "/metrics" ->
          reply(response, callback, 200, ServerMetrics.contentType(), metrics.scrape());
      case "/health" ->
          reply(
              response,
              callback,
              200,
              "application/json",
              "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8));
      default ->
          reply(
              response,
              callback,
              404,
              "text/plain",
              "try /metrics or /health\n".getBytes(StandardCharsets.UTF_8));
    };
  }

  private static boolean reply(
      Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
