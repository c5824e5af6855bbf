package org.nubo.core.relay;

import org.nubo.protocol.wire.ServerFrame;

/**
 * Where the relay sends frames back to a sender: an authenticated device's connection, or a sealed
 * socket that names no one. {@link #push} must not block (queue and return) and must keep frames in
 * order.
 */
@FunctionalInterface
public interface FrameSink {
  /** Queues a frame; silently dropped if the connection has closed. */
  void push(ServerFrame frame);
}
