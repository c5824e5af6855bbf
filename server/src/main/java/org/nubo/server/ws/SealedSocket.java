package org.nubo.server.ws;

/**
 * A sealed sender's WebSocket: opened without a credential, it names no one. It knows only an
 * opaque keyed hash of its address, for per-address limits; its frames go to the {@link
 * SealedPlane}, and Outcomes of its envelopes come back on it.
 */
final class SealedSocket extends FrameSocket {
  private final String clientKey;
  private final SealedPlane plane;

  SealedSocket(String clientKey, SealedPlane plane) {
    this.clientKey = clientKey;
    this.plane = plane;
  }

  String clientKey() {
    return clientKey;
  }

  @Override
  void opened() {}

  @Override
  void received(byte[] bytes) {
    plane.received(this, bytes);
  }

  @Override
  void gone() {}
}
