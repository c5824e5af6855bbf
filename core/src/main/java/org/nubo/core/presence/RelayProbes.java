package org.nubo.core.presence;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Probes through the relay: the target's connected devices are asked, and the first answer makes
 * the target reachable. With no device, or no answer, the asker hears "unreachable" only when the
 * probe window closes, whatever the reason. Probes live in memory for one window.
 */
public final class RelayProbes implements Presence {
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
    long id = nextId.getAndIncrement();
    Probe probe = new Probe(asker, target);
    probes.put(id, probe);
    ScheduledFuture<?> unused =
        timer.schedule(
            () -> {
              probes.remove(id);
              if (probe.answered.compareAndSet(false, true)) {
                asker.push(result(target, false));
              }
            },
            window.toNanos(),
            TimeUnit.NANOSECONDS);
    List<DeviceConnection> targets = connections.of(target);
    ServerFrame request =
        ServerFrame.newBuilder().setProbeRequest(ProbeRequest.newBuilder().setProbeId(id)).build();
    for (DeviceConnection device : targets) {
      device.push(request);
    }
  }

  @Override
  public void answer(DeviceConnection answerer, long probeId) {
    Probe probe = probes.get(probeId);
    if (probe == null || !probe.target.equals(answerer.principal().account())) {
      return;
    }
    if (probe.answered.compareAndSet(false, true)) {
      probe.asker.push(result(probe.target, true));
    }
  }

  /** Probes awaiting an answer or the window's end (for tests). */
  public int probesInMemory() {
    return probes.size();
  }

  private static ServerFrame result(AccountToken target, boolean reachable) {
    return ServerFrame.newBuilder()
        .setProbeResult(
            ProbeResult.newBuilder()
                .setTarget(ByteString.copyFrom(target.bytes()))
                .setReachable(reachable))
        .build();
  }

  private record Probe(DeviceConnection asker, AccountToken target, AtomicBoolean answered) {
    Probe(DeviceConnection asker, AccountToken target) {
      this(asker, target, new AtomicBoolean());
    }
  }
}
