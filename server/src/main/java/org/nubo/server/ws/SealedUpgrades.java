package org.nubo.server.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.jspecify.annotations.Nullable;
import org.nubo.core.limits.RateLimiter;

/**
 * Opens sealed-sender sockets: no credential is asked for or read, so the socket names no one. The
 * only check is a per-address bucket of new connections, keyed by an opaque hash of the address.
 */
public final class SealedUpgrades implements WebSocketNegotiator {
  private final SealedPlane plane;
  private final Function<String, String> clientKeys;
  private final RateLimiter connectionsPerIp;
  private final ObjectMapper json;

  public SealedUpgrades(
      SealedPlane plane,
      Function<String, String> clientKeys,
      RateLimiter connectionsPerIp,
      ObjectMapper json) {
    this.plane = plane;
    this.clientKeys = clientKeys;
    this.connectionsPerIp = connectionsPerIp;
    this.json = json;
  }

  @Override
  public @Nullable FrameHandler negotiate(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String clientKey = clientKeys.apply(Request.getRemoteAddr(request));
    try {
      connectionsPerIp.acquire(clientKey);
    } catch (RuntimeException e) {
      Upgrades.refuse(e, response, callback, json);
      return null;
    }
    return new SealedSocket(clientKey, plane);
  }
}
