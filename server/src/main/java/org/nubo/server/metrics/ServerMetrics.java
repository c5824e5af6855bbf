package org.nubo.server.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.nubo.core.relay.RelayMetrics;

/**
 * The server's Prometheus metrics. Labels never carry an account, device, number or address, so a
 * scrape is safe to ship to any monitoring system.
 */
public final class ServerMetrics implements RelayMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Gauge connectedDevices =
      Gauge.builder()
          .name("nubo_connected_devices")
          .help("Devices with an open data-plane connection to this node")
          .register(registry);
  private final Counter delivered =
      Counter.builder()
          .name("nubo_messages_relayed")
          .help("Messages acknowledged by a recipient device within the delivery window")
          .register(registry);
  private final Counter fallbacks =
      Counter.builder()
          .name("nubo_sms_fallbacks")
          .help("Messages not delivered in time, whose senders fell back to SMS")
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("nubo_delivery_latency_seconds")
          .help("Time from a Send to the recipient's first acknowledgement")
          .classicOnly()
          .classicUpperBounds(
              0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3, 10, 30)
          .register(registry);

  @Override
  public void connected(int delta) {
    connectedDevices.inc(delta);
  }

  @Override
  public void delivered(Duration latency) {
    delivered.inc();
    this.latency.observe(latency.toNanos() / 1e9);
  }

  @Override
  public void fellBackToSms() {
    fallbacks.inc();
  }

  /** The Prometheus text exposition of every metric. */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
