package org.nubo.server.ws;

import org.nubo.core.InvalidRequest;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.SealedRelay;
import org.nubo.protocol.wire.ClientFrame;

/**
 * Dispatches frames of sealed sockets: only SealedSend (to the core's {@link SealedRelay}, answered
 * by a Reply and later an Outcome on the same socket) and Ping. Nothing here learns or logs who is
 * sending.
 */
public final class SealedPlane {
  private final SealedRelay relay;
  private final RateLimiter badFrames;

  public SealedPlane(SealedRelay relay, RateLimiter badFrames) {
    this.relay = relay;
    this.badFrames = badFrames;
  }

  void received(SealedSocket socket, byte[] bytes) {
    ClientFrame frame = DataPlane.decode(socket, bytes, badFrames);
    if (frame == null) {
      return;
    }
    try {
      switch (frame.getBodyCase()) {
        case SEALED_SEND -> {
          relay.send(socket, socket.clientKey(), frame.getSealedSend());
          socket.push(DataPlane.ok(frame.getId()));
        }
        case PING -> socket.push(DataPlane.ok(frame.getId()));
        default ->
            throw new InvalidRequest(
                "not_on_sealed_socket",
                "the sealed socket carries only SealedSend and Ping; use the device's socket");
      }
    } catch (RuntimeException e) {
      DataPlane.failed(socket, frame, e);
    }
  }
}
