package org.nubo.bench.spike;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;

/**
 * {@link SpikeRelay} on Jetty 12, set up the way the real server sets Jetty up (a queued pool
 * handing work to virtual threads, the same WebSocket limits). Started by the load generator with
 * {@code relay --target JETTY} or {@code idle --target JETTY}; by hand:
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.spike.JettySpikeServer 38443
 * </pre>
 */
public final class JettySpikeServer {
  private JettySpikeServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    SpikeRelay relay = new SpikeRelay();
    QueuedThreadPool pool = new QueuedThreadPool();
    pool.setName("spike-http");
    pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Server server = new Server(pool);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    connector.setIdleTimeout(120_000);
    server.addConnector(connector);
    server.setHandler(
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setIdleTimeout(Duration.ofSeconds(90));
              container.setMaxBinaryMessageSize(133_120);
              container.addMapping(
                  "/v1/websocket",
                  (request, response, callback) -> {
                    ByteString device =
                        SpikeRelay.identify(request.getHeaders().get(HttpHeader.AUTHORIZATION));
                    if (device == null) {
                      response.setStatus(401);
                      callback.succeeded();
                      return null;
                    }
                    return new Socket(relay, device);
                  });
            }));
    server.start();
    System.out.println("Jetty spike listening on 127.0.0.1:" + port);
    server.join();
  }

  /** One device's socket; Jetty queues concurrent sends on a session in order. */
  public static final class Socket implements Session.Listener.AutoDemanding, SpikeRelay.Peer {
    private final SpikeRelay relay;
    private final ByteString device;
    private volatile @Nullable Session session;

    Socket(SpikeRelay relay, ByteString device) {
      this.relay = relay;
      this.device = device;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
      session = opened;
      relay.opened(device, this);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      callback.succeed();
      relay.received(device, this, bytes);
    }

    @Override
    public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
      relay.closed(device, this);
      callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      relay.closed(device, this);
    }

    @Override
    public void send(byte[] frame) {
      Session current = session;
      if (current != null) {
        current.sendBinary(ByteBuffer.wrap(frame), Callback.NOOP);
      }
    }
  }
}
