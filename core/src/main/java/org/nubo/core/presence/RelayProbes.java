package org.nubo.core.presence;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nubo.core.Unavailable;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.core.relay.FrameSink;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Probes through the relay: the target's connected devices are asked, and the first answer makes
 * the target reachable. With no device, or no answer, the asker hears "unreachable" only when the
 * probe window closes, whatever the reason.
 *
 * <p>Data layout: one in-memory {@link Probe} per probe id, holding where the result goes (a
 * device's connection, or a sealed socket that names no one), the target, the sealed asker's nonce
 * and whether it was answered. It is removed when its window closes; nothing about a probe is
 * logged or written anywhere. Plain and sealed probes share one id space, so a device answers both
 * with the same {@code ProbeAnswer}.
 */
public final class RelayProbes implements Presence {
  /** Probes in memory at most; past it, new probes are refused as "busy" (about load, not whom). */
  static final int MAX_PROBES = 1_000_000;

  private final Connections connections;
  private final ScheduledExecutorService timer;
  private final Duration window;
  private final RateLimiter perDevice;
  private final AtomicLong nextId;
  private final ConcurrentMap<Long, Probe> probes = new ConcurrentHashMap<>();

  public RelayProbes(
      Connections connections,
      ScheduledExecutorService timer,
      Duration window,
      RateLimiter perDevice,
      long firstId) {
    this.connections = connections;
    this.timer = timer;
    this.window = window;
    this.perDevice = perDevice;
    this.nextId = new AtomicLong(firstId);
  }

  @Override
  public void probe(DeviceConnection asker, AccountToken target) {
    perDevice.acquire(asker.principal().deviceId());
    Probe probe = open(asker, target, 0, false);
    forward(probe, ByteString.EMPTY);
  }

  /**
   * Starts a sealed probe's window: "unreachable" goes to {@code asker} when it closes unless a
   * target device answers first. Nothing is asked of the target yet; {@link #forward} does that
   * once the probe is admitted, and a probe never forwarded simply ends unreachable, at the same
   * moment as one nobody answered.
   *
   * @throws Unavailable ({@code busy}) when too many probes are in memory
   */
  Probe openSealed(FrameSink asker, AccountToken target, long nonce) {
    return open(asker, target, nonce, true);
  }

  private Probe open(FrameSink asker, AccountToken target, long nonce, boolean sealed) {
    if (probes.size() >= MAX_PROBES) {
      throw new Unavailable("busy", "too many probes in flight; try again shortly");
    }
    Probe probe = new Probe(nextId.getAndIncrement(), asker, target, nonce, sealed);
    probes.put(probe.id, probe);
    ScheduledFuture<?> unused =
        timer.schedule(
            () -> {
              probes.remove(probe.id);
              if (probe.answered.compareAndSet(false, true)) {
                asker.push(probe.result(false, ByteString.EMPTY));
              }
            },
            window.toNanos(),
            TimeUnit.NANOSECONDS);
    return probe;
  }

  /** Asks the target's connected devices (possibly none) to answer {@code probe}. */
  void forward(Probe probe, ByteString payload) {
    probe.forwarded.set(true);
    ServerFrame request =
        ServerFrame.newBuilder()
            .setProbeRequest(
                ProbeRequest.newBuilder()
                    .setProbeId(probe.id)
                    .setPayload(payload)
                    .setSealed(probe.sealed))
            .build();
    for (DeviceConnection device : connections.of(probe.target)) {
      device.push(request);
    }
  }

  /**
   * A device answers a probe. Only a device of the target may, and only for a probe it was asked;
   * anything else is ignored without a word. The answer's payload goes back to a sealed asker as
   * is; a plain asker gets none.
   */
  @Override
  public void answer(DeviceConnection answerer, ProbeAnswer answer) {
    Probe probe = probes.get(answer.getProbeId());
    if (probe == null
        || !probe.forwarded.get()
        || !probe.target.equals(answerer.principal().account())) {
      return;
    }
    if (probe.answered.compareAndSet(false, true)) {
      probe.asker.push(probe.result(true, probe.sealed ? answer.getPayload() : ByteString.EMPTY));
    }
  }

  /** Probes awaiting an answer or the window's end (for tests). */
  public int probesInMemory() {
    return probes.size();
  }

  /** One probe of one target, for one window. */
  static final class Probe {
    final long id;
    final FrameSink asker;
    final AccountToken target;
    final long nonce;
    final boolean sealed;
    final AtomicBoolean forwarded = new AtomicBoolean();
    final AtomicBoolean answered = new AtomicBoolean();

    Probe(long id, FrameSink asker, AccountToken target, long nonce, boolean sealed) {
      this.id = id;
      this.asker = asker;
      this.target = target;
      this.nonce = nonce;
      this.sealed = sealed;
    }

    /**
     * A sealed result names no target, only the asker's nonce: the asker knows whom it asked, and
     * every unreachable result is then the same bytes whatever the target and the reason.
     */
    ServerFrame result(boolean reachable, ByteString payload) {
      ProbeResult.Builder result = ProbeResult.newBuilder().setReachable(reachable);
      if (sealed) {
        result.setProbeNonce(nonce).setPayload(payload);
      } else {
        result.setTarget(ByteString.copyFrom(target.bytes()));
      }
      return ServerFrame.newBuilder().setProbeResult(result).build();
    }
  }
}
