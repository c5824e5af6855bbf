package org.nubo.server.http;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A control-plane request as handlers see it: no Jetty types, so a handler is a plain function.
 *
 * @param clientKey an opaque, keyed hash of the caller's address, for per-address limits
 * @param query the query parameters (the first value of each)
 * @param headers request headers a handler may read, by lower-case name (the first value of each)
 */
@SuppressWarnings("ArrayRecordComponent") // the body is read once by one handler, never shared
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    byte[] body,
    Optional<String> authorization,
    String clientKey,
    Map<String, String> query,
    Map<String, String> headers) {

  public String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return value;
  }

  /** A header by name, case-insensitively. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** The {@code Nubo-Delivery-Token} header: a sealed sender's stand-in for a credential. */
  public Optional<String> deliveryToken() {
    return header(HttpFront.DELIVERY_TOKEN);
  }

  /** A query parameter. */
  public Optional<String> queryParam(String name) {
    return Optional.ofNullable(query.get(name));
  }
}
