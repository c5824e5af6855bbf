package org.nubo.core.presence;

import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ProbeAnswer;

/**
 * Port-like seam for the blue/gray indicator, so that consent-based, end-to-end encrypted probes
 * can replace today's relay probes without touching transports.
 */
public interface Presence {
  /** Starts a probe; the result reaches {@code asker} later as a ProbeResult push. */
  void probe(DeviceConnection asker, AccountToken target);

  /** A target device answers a probe (plain or sealed), consenting to be seen as reachable. */
  void answer(DeviceConnection answerer, ProbeAnswer answer);
}
