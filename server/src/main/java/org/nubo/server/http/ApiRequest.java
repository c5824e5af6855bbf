package org.nubo.server.http;

import java.util.Map;
import java.util.Optional;

/**
 * A control-plane request as handlers see it: no Jetty types, so a handler is a plain function.
 *
 * @param clientKey an opaque, keyed hash of the caller's address, for per-address limits
 * @param deliveryToken the {@code Nubo-Delivery-Token} header: a sealed sender's stand-in for a
 *     credential on the routes that accept one
 */
@SuppressWarnings("ArrayRecordComponent") // the body is read once by one handler, never shared
public record ApiRequest(
    String method,
    String path,
    Map<String, String> pathParams,
    byte[] body,
    Optional<String> authorization,
    String clientKey,
    Optional<String> deliveryToken) {

  public String param(String name) {
    String value = pathParams.get(name);
    if (value == null) {
      throw new IllegalStateException("route has no parameter " + name);
    }
    return value;
  }
}
