package org.nubo.server.ws;

import org.nubo.core.InvalidRequest;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.presence.SealedProbes;
import org.nubo.core.relay.SealedRelay;
import org.nubo.protocol.wire.ClientFrame;

/**
 * Dispatches frames of sealed sockets: SealedSend (to the core's {@link SealedRelay}, answered by a
 * Reply and later an Outcome on the same socket), SealedProbe (to {@link SealedProbes}, answered by
 * a Reply and later a ProbeResult on the same socket) and Ping. Nothing here learns or logs who is
 * sending or asking.
 */
public final class SealedPlane {
  private final SealedRelay relay;
  private final SealedProbes probes;
  private final RateLimiter badFrames;

  public SealedPlane(SealedRelay relay, SealedProbes probes, RateLimiter badFrames) {
    this.relay = relay;
    this.probes = probes;
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
        // The core pushes the ok Reply itself, at the moment that says nothing about the target.
        case SEALED_PROBE ->
            probes.probe(
                socket, socket.clientKey(), frame.getSealedProbe(), DataPlane.ok(frame.getId()));
        case PING -> socket.push(DataPlane.ok(frame.getId()));
        default ->
            throw new InvalidRequest(
                "not_on_sealed_socket",
                "the sealed socket carries only SealedSend, SealedProbe and Ping; use the device's"
                    + " socket");
      }
    } catch (RuntimeException e) {
      DataPlane.failed(socket, frame, e);
    }
  }
}
