package org.nubo.core.relay;

import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.protocol.wire.ServerFrame;

/**
 * A live, authenticated data-plane connection as the core sees it. Transports implement it; {@link
 * #push} must not block (queue and return) and must keep frames in order.
 */
public interface DeviceConnection extends FrameSink {
  DevicePrincipal principal();

  /** Queues a frame for the device; silently dropped if the connection has closed. */
  @Override
  void push(ServerFrame frame);

  /** Closes the connection, telling the device why in a few words (no personal data). */
  void close(String reason);
}
