package org.nubo.server.ws;

import org.nubo.core.limits.RateLimiter;

/**
 * Opens sealed-sender sockets: no credential is asked for or read, so the socket names no one. The
 * only check is a per-address bucket of new connections, keyed by an opaque hash of the address.
 */
public final class SealedUpgrades {
  private final SealedPlane plane;
  private final RateLimiter connectionsPerIp;

  public SealedUpgrades(SealedPlane plane, RateLimiter connectionsPerIp) {
    this.plane = plane;
    this.connectionsPerIp = connectionsPerIp;
  }

  /**
   * The socket for a sealed sender at the address {@code clientKey} stands for.
   *
   * @throws org.nubo.core.RateLimited when the address opens too many
   */
  public FrameSocket admit(String clientKey) {
    connectionsPerIp.acquire(clientKey);
    return new SealedSocket(clientKey, plane);
  }
}
