package org.nubo.server.ws;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.presence.RelayProbes;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.Relay;
import org.nubo.core.relay.RelayMetrics;

/**
 * The real core behind a {@link DataPlane}, without a server around it: for tests that drive the
 * data plane's socket handling directly. Generous limits, a one-second window, its own timer.
 */
final class PlaneFixture implements AutoCloseable {
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final Connections connections = new Connections(RelayMetrics.NONE);
  final RateLimiter limiter =
      new RateLimiter(new Limit("test", 100, Duration.ofMillis(1)), Clock.systemUTC());
  final Relay relay =
      new Relay(
          connections,
          account -> true,
          timer,
          System::nanoTime,
          Duration.ofSeconds(1),
          limiter,
          RelayMetrics.NONE,
          1);
  final RelayProbes probes = new RelayProbes(connections, timer, Duration.ofSeconds(1), limiter, 1);

  /** A data plane on this core that asks {@code enrolled} whether an opening socket may stay. */
  DataPlane plane(Predicate<DevicePrincipal> enrolled) {
    return new DataPlane(connections, relay, probes, limiter, enrolled);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
