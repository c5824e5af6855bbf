package org.nubo.server.ws;

import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.DevicePrincipal;

/**
 * Authenticates a device's WebSocket upgrade before any socket exists: a bad credential, or an
 * account whose messaging is off, is refused (the transport answers with the error table's status
 * and JSON, and opens no connection). It reads storage, so the transport calls it off its I/O
 * threads.
 */
public final class Upgrades {
  /** Where devices open their data-plane WebSocket. */
  public static final String PATH = "/v1/websocket";

  private final Accounts accounts;
  private final DataPlane plane;

  public Upgrades(Accounts accounts, DataPlane plane) {
    this.accounts = accounts;
    this.plane = plane;
  }

  /**
   * The socket for a device presenting {@code authorization}.
   *
   * @throws RuntimeException a refused credential ({@code 401}), or storage that cannot answer
   *     ({@code 503 storage_unavailable}), both mapped by the error table
   */
  public FrameSocket admit(@Nullable String authorization) {
    long turnOffsSeen = plane.turnOffs();
    DevicePrincipal principal =
        accounts.authenticateBasic(authorization == null ? "" : authorization);
    return new DeviceSocket(principal, plane, turnOffsSeen);
  }
}
