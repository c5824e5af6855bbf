package org.nubo.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.nubo.core.InvalidRequest;
import org.nubo.protocol.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's side of the control plane: reads the request (at most 64 KiB), finds the route, calls it,
 * and writes JSON. Failures go through {@link ErrorTable}. Logs carry the route template and status
 * only: never a path parameter, body, header or address.
 */
public final class HttpFront extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
  private static final int MAX_BODY = 64 * 1024;

  /** The header a sealed sender presents instead of {@code Authorization}. */
  public static final String DELIVERY_TOKEN = "Nubo-Delivery-Token";

  private final Router router;
  private final ObjectMapper json;
  private final Function<String, String> clientKeys;

  /**
   * @param clientKeys turns a remote address into an opaque key for per-address rate limits
   */
  public HttpFront(Router router, ObjectMapper json, Function<String, String> clientKeys) {
    this.router = router;
    this.json = json;
    this.clientKeys = clientKeys;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    String path = request.getHttpURI().getPath();
    Optional<Router.Match> match = router.match(method, path);
    if (match.isEmpty()) {
      if (router.pathExists(path)) {
        write(
            response,
            callback,
            405,
            new ApiError("method_not_allowed", method + " is not allowed here"));
      } else {
        write(
            response,
            callback,
            404,
            new ApiError("no_such_route", "there is no route " + method + " " + path));
      }
      return true;
    }
    Router.Route route = match.get().route();
    byte[] body;
    try {
      body = readBody(request);
    } catch (java.io.IOException e) {
      write(
          response,
          callback,
          400,
          new ApiError("unreadable_body", "the request body could not be read"));
      return true;
    }
    try {
      if (body.length > MAX_BODY) {
        write(
            response,
            callback,
            413,
            new ApiError("body_too_large", "a request body is at most 64 KiB"));
        return true;
      }
      ApiRequest apiRequest =
          new ApiRequest(
              method,
              path,
              Map.copyOf(match.get().params()),
              body,
              Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
              clientKeys.apply(Request.getRemoteAddr(request)),
              query(request),
              headers(request));
      ApiResponse answer = route.handler().handle(apiRequest);
      answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
      write(response, callback, answer.status(), answer.body());
    } catch (Exception e) {
      ErrorTable.Failure failure = ErrorTable.describe(e);
      if (ErrorTable.isServerFault(failure)) {
        LOG.error(
            "route failed route=\"{} {}\" status={}",
            method,
            route.template(),
            failure.status(),
            e);
      } else {
        LOG.debug(
            "route refused route=\"{} {}\" status={} code={}",
            method,
            route.template(),
            failure.status(),
            failure.code());
      }
      if (failure.retryAfterSeconds() > 0) {
        response
            .getHeaders()
            .put(HttpHeader.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
      }
      write(response, callback, failure.status(), new ApiError(failure.code(), failure.message()));
    }
    return true;
  }

  private static Map<String, String> query(Request request) {
    String raw = request.getHttpURI().getQuery();
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    Map<String, String> query = new HashMap<>();
    try {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        query.putIfAbsent(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("bad_query", "the query string is not valid percent-encoding");
    }
    return Map.copyOf(query);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(Request request) {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.putIfAbsent(field.getLowerCaseName(), field.getValue());
    }
    return Map.copyOf(headers);
  }

  private static byte[] readBody(Request request) throws java.io.IOException {
    try (InputStream in = Content.Source.asInputStream(request)) {
      return in.readNBytes(MAX_BODY + 1);
    }
  }

  private void write(
      Response response,
      Callback callback,
      int status,
      @org.jspecify.annotations.Nullable Object body)
      throws java.io.IOException {
    response.setStatus(status);
    if (!response.getHeaders().contains(HttpHeader.CACHE_CONTROL)) {
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    }
    if (body == null) {
      response.write(true, null, callback);
      return;
    }
    if (body instanceof ApiResponse.Binary binary) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, binary.contentType());
      response.write(true, ByteBuffer.wrap(binary.bytes()), callback);
      return;
    }
    byte[] bytes = json.writeValueAsBytes(body);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
