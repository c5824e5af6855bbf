package org.nubo.core.presence;

import org.nubo.core.RateLimited;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.DeliveryTokens;
import org.nubo.core.relay.FrameSink;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.SealedProbe;
import org.nubo.protocol.wire.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission for sealed probes, which arrive on a socket that names no one. Only the asker's own
 * address may be refused out loud (429, before anything depends on the target). After that the
 * probe's window is running and the asker is told "accepted", whatever follows: a probe with the
 * target's delivery token, or a stranger's while the target's stranger bucket has room, and within
 * the target's own bucket, is forwarded to the target's connected devices; anything else is
 * silently not forwarded. Every probe nobody answers — refused here, refused by the target's owner,
 * target offline or not an account — ends "unreachable" at the same moment, when the window closes,
 * so timing tells a stranger nothing.
 */
public final class SealedProbes {
  private static final Logger LOG = LoggerFactory.getLogger(SealedProbes.class);

  private final RelayProbes probes;
  private final DeliveryTokens tokens;
  private final RateLimiter perIp;
  private final RateLimiter perTarget;
  private final RateLimiter strangersPerTarget;

  public SealedProbes(
      RelayProbes probes,
      DeliveryTokens tokens,
      RateLimiter perIp,
      RateLimiter perTarget,
      RateLimiter strangersPerTarget) {
    this.probes = probes;
    this.tokens = tokens;
    this.perIp = perIp;
    this.perTarget = perTarget;
    this.strangersPerTarget = strangersPerTarget;
  }

  /**
   * Starts a sealed probe. {@code accepted} (the transport's ok Reply) is pushed to {@code asker}
   * as soon as the window is running, before any work that depends on the target, so the Reply's
   * timing says nothing about the target either. The result follows as a ProbeResult push.
   *
   * @param clientKey an opaque keyed hash of the asker's address
   * @throws RateLimited when the address probes too much (nothing has started)
   * @throws org.nubo.core.Unavailable when the server holds too many probes (nothing has started)
   */
  public void probe(FrameSink asker, String clientKey, SealedProbe probe, ServerFrame accepted) {
    perIp.acquire(clientKey);
    AccountToken target = AccountToken.of(probe.getTarget().toByteArray());
    RelayProbes.Probe started = probes.openSealed(asker, target, probe.getProbeNonce());
    asker.push(accepted);
    if (admitted(target, probe.getDeliveryToken().toByteArray())) {
      probes.forward(started, probe.getPayload());
    }
  }

  private boolean admitted(AccountToken target, byte[] deliveryToken) {
    try {
      if (deliveryToken.length == 0) {
        strangersPerTarget.acquire(target.text());
      } else if (!tokens.matches(target, deliveryToken)) {
        return false;
      }
      // Charged only for admitted probes, so a stranger cannot spend a target's contacts' share.
      perTarget.acquire(target.text());
      return true;
    } catch (RateLimited full) {
      return false;
    } catch (RuntimeException e) {
      // The asker already has its ok Reply: a second one would answer early, and say something
      // about the target. The probe ends unreachable with the window, like any other.
      LOG.error("a sealed probe's admission failed; it ends unreachable", e);
      return false;
    }
  }
}
