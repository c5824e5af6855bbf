package org.nubo.core.relay;

import java.time.Duration;

/** Port: what the relay reports for monitoring. Counts only; never who or what. */
public interface RelayMetrics {
  void connected(int delta);

  /** A message was acknowledged in time; {@code latency} is from Send to first Ack. */
  void delivered(Duration latency);

  /** A message was not delivered in time, so its sender falls back to SMS. */
  void fellBackToSms();

  /** A no-op, for tests and tools that do not monitor. */
  RelayMetrics NONE =
      new RelayMetrics() {
        @Override
        public void connected(int delta) {}

        @Override
        public void delivered(Duration latency) {}

        @Override
        public void fellBackToSms() {}
      };
}
