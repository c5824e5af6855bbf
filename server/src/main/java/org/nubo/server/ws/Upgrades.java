package org.nubo.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.protocol.api.ApiError;
import org.nubo.server.http.ErrorTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a WebSocket upgrade before any socket exists: a bad credential, or an account whose
 * messaging is off, gets a JSON error response and no connection. A negotiator of Jetty's core
 * WebSocket layer: the {@link DeviceSocket} it returns keeps no reference to the upgrade request.
 */
public final class Upgrades implements WebSocketNegotiator {
  private static final Logger LOG = LoggerFactory.getLogger(Upgrades.class);

  private final Accounts accounts;
  private final DataPlane plane;
  private final ObjectMapper json;

  public Upgrades(Accounts accounts, DataPlane plane, ObjectMapper json) {
    this.accounts = accounts;
    this.plane = plane;
    this.json = json;
  }

  @Override
  public @Nullable FrameHandler negotiate(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    DevicePrincipal principal;
    try {
      principal = accounts.authenticateBasic(authorization == null ? "" : authorization);
    } catch (RuntimeException e) {
      // A refused credential, or storage that cannot answer: the same table as every other route,
      // so a database outage is a 503 storage_unavailable, not Jetty's own 500 page.
      refuse(e, response, callback, json);
      return null;
    }
    return new DeviceSocket(principal, plane);
  }

  /** Answers a refused upgrade with the error table's status and a JSON error; no socket opens. */
  static void refuse(
      RuntimeException e, ServerUpgradeResponse response, Callback callback, ObjectMapper json) {
    ErrorTable.Failure failure = ErrorTable.describe(e);
    if (ErrorTable.isServerFault(failure)) {
      LOG.error("websocket upgrade failed status={}", failure.status(), e);
    }
    response.setStatus(failure.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    if (failure.retryAfterSeconds() > 0) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
    }
    byte[] body;
    try {
      body = json.writeValueAsBytes(new ApiError(failure.code(), failure.message()));
    } catch (JsonProcessingException impossible) {
      callback.failed(impossible);
      return;
    }
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
