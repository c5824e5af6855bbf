package org.nubo.server.ws;

import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.DeviceConnection;

/** An authenticated device's WebSocket: its frames go to the {@link DataPlane}. */
final class DeviceSocket extends FrameSocket implements DeviceConnection {
  private final DevicePrincipal principal;
  private final DataPlane plane;
  private final long turnOffsSeen;

  DeviceSocket(DevicePrincipal principal, DataPlane plane, long turnOffsSeen) {
    this.principal = principal;
    this.plane = plane;
    this.turnOffsSeen = turnOffsSeen;
  }

  @Override
  public DevicePrincipal principal() {
    return principal;
  }

  @Override
  void opened() {
    plane.opened(this, turnOffsSeen);
  }

  @Override
  void received(byte[] bytes) {
    plane.received(this, bytes);
  }

  @Override
  void gone() {
    plane.closed(this);
  }
}
