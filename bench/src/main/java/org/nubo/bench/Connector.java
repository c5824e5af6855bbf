package org.nubo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.jspecify.annotations.Nullable;

/**
 * One Jetty WebSocket client shared by many device connections: non-blocking I/O on a small thread
 * pool, so the load generator spends little of the two cores it shares with the server.
 *
 * <p>With TLS it trusts any certificate and skips host-name checks. That is for the bench only, on
 * loopback against a server it started itself; real devices pin the server's key.
 */
final class Connector implements AutoCloseable {
  private final WebSocketClient client;

  /**
   * @param bind the local address to connect from (several loopback addresses give more ephemeral
   *     ports), or null for the default
   */
  Connector(boolean tls, @Nullable InetAddress bind, int threads) {
    ClientConnector connector = new ClientConnector();
    connector.setConnectTimeout(Duration.ofSeconds(30));
    if (tls) {
      SslContextFactory.Client ssl = new SslContextFactory.Client(true);
      ssl.setEndpointIdentificationAlgorithm(null);
      connector.setSslContextFactory(ssl);
    }
    if (bind != null) {
      connector.setBindAddress(new InetSocketAddress(bind, 0));
    }
    QueuedThreadPool pool = new QueuedThreadPool(Math.max(threads, 8));
    pool.setName("bench-ws");
    pool.setDaemon(true);
    connector.setExecutor(pool);
    HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    http.setExecutor(pool);
    http.setMaxConnectionsPerDestination(100_000);
    http.setMaxRequestsQueuedPerDestination(100_000);
    http.setConnectTimeout(30_000);
    client = new WebSocketClient(http);
    client.setIdleTimeout(Duration.ofMinutes(10));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("the WebSocket client did not start", e);
    }
  }

  /** Opens {@code device}'s data-plane connection; completes once the upgrade succeeded. */
  CompletableFuture<Session> connect(URI uri, Device device, Session.Listener listener) {
    ClientUpgradeRequest request = new ClientUpgradeRequest(uri);
    request.setHeader("Authorization", device.basic());
    return open(listener, request);
  }

  /** Opens a sealed-sender connection: no credential. */
  CompletableFuture<Session> connectSealed(URI uri, Session.Listener listener) {
    return open(listener, new ClientUpgradeRequest(uri));
  }

  private CompletableFuture<Session> open(Session.Listener listener, ClientUpgradeRequest request) {
    try {
      return client.connect(listener, request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the WebSocket client did not stop cleanly", e);
    }
  }
}
