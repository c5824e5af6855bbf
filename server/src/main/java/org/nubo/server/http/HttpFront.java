package org.nubo.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.nubo.core.InvalidRequest;
import org.nubo.protocol.api.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's front, apart from any network library: takes one whole HTTP request (the
 * transport has read at most {@link #MAX_BODY} bytes of body), finds the route, calls it, and
 * answers with bytes. Failures go through {@link ErrorTable}. Logs carry the route template and
 * status only: never a path parameter, body, header or address.
 */
public final class HttpFront {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  /** The largest request body a route accepts; larger bodies get {@link #bodyTooLarge()}. */
  public static final int MAX_BODY = 64 * 1024;

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

  /**
   * One request as the transport read it.
   *
   * @param path the raw path, without the query
   * @param query the raw query string, or null if there is none
   * @param headers every header by lower-case name (the first value of a repeated one)
   * @param remoteAddress the peer's IP address, used only through the opaque client key
   */
  @SuppressWarnings("ArrayRecordComponent") // the body is read once
  public record Exchange(
      String method,
      String path,
      @Nullable String query,
      Map<String, String> headers,
      byte[] body,
      String remoteAddress) {}

  /** What the transport writes back: a status, headers and a body (empty for none). */
  @SuppressWarnings("ArrayRecordComponent") // written once
  public record Answer(int status, Map<String, String> headers, byte[] body) {}

  /** Answers one request; never throws. */
  public Answer handle(Exchange exchange) {
    String method = exchange.method();
    String path = exchange.path();
    Optional<Router.Match> match = router.match(method, path);
    if (match.isEmpty()) {
      if (router.pathExists(path)) {
        return error(405, "method_not_allowed", method + " is not allowed here", 0);
      }
      return error(404, "no_such_route", "there is no route " + method + " " + path, 0);
    }
    Router.Route route = match.get().route();
    if (exchange.body().length > MAX_BODY) {
      return bodyTooLarge();
    }
    try {
      ApiRequest apiRequest =
          new ApiRequest(
              method,
              path,
              Map.copyOf(match.get().params()),
              exchange.body(),
              Optional.ofNullable(exchange.headers().get("authorization")),
              clientKeys.apply(exchange.remoteAddress()),
              query(exchange.query()),
              exchange.headers());
      ApiResponse answer = route.handler().handle(apiRequest);
      return answer(answer.status(), answer.headers(), answer.body());
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
      return error(failure);
    }
  }

  /**
   * The answer to a body over {@link #MAX_BODY}, which the transport may give before reading it.
   */
  public Answer bodyTooLarge() {
    return error(413, "body_too_large", "a request body is at most 64 KiB", 0);
  }

  /** The answer to a request the transport could not parse as HTTP. */
  public Answer malformed() {
    return error(400, "malformed_request", "the request is not well-formed HTTP/1.1", 0);
  }

  /** The answer to a request whose header block is over the transport's limit. */
  public Answer headersTooLarge() {
    return error(431, "headers_too_large", "the request's headers are at most 8 KiB in all", 0);
  }

  /** The answer to a request line over the transport's limit. */
  public Answer uriTooLong() {
    return error(414, "uri_too_long", "the request line is at most 4 KiB", 0);
  }

  /** The answer to a request its route did not answer within the server's deadline. */
  public Answer timedOut() {
    return error(503, "timed_out", "the server took too long to answer; try again", 1);
  }

  /** The answer to a request or WebSocket upgrade that arrives while the server stops. */
  public Answer stopping() {
    return error(503, "stopping", "the server is stopping; connect again shortly", 1);
  }

  /** The error table's answer to {@code e}, as a refused WebSocket upgrade gets it too. */
  public Answer refused(RuntimeException e) {
    ErrorTable.Failure failure = ErrorTable.describe(e);
    if (ErrorTable.isServerFault(failure)) {
      LOG.error("websocket upgrade failed status={}", failure.status(), e);
    }
    return error(failure);
  }

  /** The opaque per-address key of a remote address, for per-address limits. */
  public String clientKey(String remoteAddress) {
    return clientKeys.apply(remoteAddress);
  }

  private Answer error(ErrorTable.Failure failure) {
    return error(failure.status(), failure.code(), failure.message(), failure.retryAfterSeconds());
  }

  private Answer error(int status, String code, String message, long retryAfterSeconds) {
    Map<String, String> headers =
        retryAfterSeconds > 0
            ? Map.of("Retry-After", Long.toString(retryAfterSeconds))
            : Map.<String, String>of();
    return answer(status, headers, new ApiError(code, message));
  }

  private Answer answer(int status, Map<String, String> extra, @Nullable Object body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Cache-Control", "no-store");
    headers.putAll(extra);
    if (body == null) {
      return new Answer(status, headers, new byte[0]);
    }
    if (body instanceof ApiResponse.Binary binary) {
      headers.put("Content-Type", binary.contentType());
      return new Answer(status, headers, binary.bytes());
    }
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      LOG.error("a response could not be serialised status={}", status, e);
      return new Answer(
          500,
          Map.of("Content-Type", "application/json", "Cache-Control", "no-store"),
          "{\"code\":\"internal\",\"message\":\"the response could not be written\"}"
              .getBytes(StandardCharsets.UTF_8));
    }
    headers.put("Content-Type", "application/json");
    return new Answer(status, headers, bytes);
  }

  private static Map<String, String> query(@Nullable String raw) {
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
}
