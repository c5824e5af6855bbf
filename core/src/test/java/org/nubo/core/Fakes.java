package org.nubo.core;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ServerFrame;

/** Small stand-ins shared by the core's tests: devices that record pushes, tokens, buckets. */
public final class Fakes {
  private Fakes() {}

  /** A connected device of {@code account} whose pushes land in {@code pushed}. */
  public static DeviceConnection device(AccountToken account, List<ServerFrame> pushed) {
    return device(account, pushed::add);
  }

  /** A connected device of {@code account} whose pushes go to {@code pushed}. */
  public static DeviceConnection device(AccountToken account, Consumer<ServerFrame> pushed) {
    DevicePrincipal principal = new DevicePrincipal(account, "device-" + account.hashCode());
    return new DeviceConnection() {
      @Override
      public DevicePrincipal principal() {
        return principal;
      }

      @Override
      public void push(ServerFrame frame) {
        pushed.accept(frame);
      }

      @Override
      public void close(String reason) {}
    };
  }

  /** A bucket of {@code capacity} that refills one token an hour: no refill during a test. */
  public static RateLimiter limiter(String name, int capacity) {
    return new RateLimiter(new Limit(name, capacity, Duration.ofHours(1)), Clock.systemUTC());
  }

  /** A distinct account token per seed. */
  public static AccountToken token(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    return AccountToken.of(bytes);
  }
}
