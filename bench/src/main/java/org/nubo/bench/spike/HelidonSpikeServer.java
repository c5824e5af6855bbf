package org.nubo.bench.spike;

import com.google.protobuf.ByteString;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link SpikeRelay} on Helidon 4 WebServer (its own blocking I/O, one virtual thread per
 * connection). Started by the load generator with {@code relay --target HELIDON} or {@code idle
 * --target HELIDON}; by hand:
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.spike.HelidonSpikeServer 38443
 * </pre>
 */
public final class HelidonSpikeServer {
  private HelidonSpikeServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    SpikeRelay relay = new SpikeRelay();
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .addRouting(WsRouting.builder().endpoint("/v1/websocket", () -> new Socket(relay)))
            .build()
            .start();
    System.out.println("Helidon spike listening on 127.0.0.1:" + server.port());
    Thread.currentThread().join();
  }

  /**
   * One device's socket. Helidon writes straight to the socket from the calling thread, so sends
   * from other connections' threads take the socket's lock to keep frames whole and in order.
   */
  private static final class Socket implements WsListener, SpikeRelay.Peer {
    private final SpikeRelay relay;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private @Nullable ByteString device;
    private volatile @Nullable WsSession session;

    Socket(SpikeRelay relay) {
      this.relay = relay;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers)
        throws WsUpgradeException {
      device =
          SpikeRelay.identify(
              headers.contains(HeaderNames.AUTHORIZATION)
                  ? headers.get(HeaderNames.AUTHORIZATION).get()
                  : null);
      if (device == null) {
        throw new WsUpgradeException("no credentials");
      }
      return Optional.empty();
    }

    @Override
    public void onOpen(WsSession opened) {
      session = opened;
      ByteString id = device;
      if (id != null) {
        relay.opened(id, this);
      }
    }

    @Override
    public void onMessage(WsSession from, BufferData buffer, boolean last) {
      ByteString id = device;
      if (id == null) {
        return;
      }
      if (!last || partial.size() > 0) {
        partial.writeBytes(buffer.readBytes());
        if (!last) {
          return;
        }
        byte[] whole = partial.toByteArray();
        partial.reset();
        relay.received(id, this, whole);
        return;
      }
      relay.received(id, this, buffer.readBytes());
    }

    @Override
    public void onClose(WsSession closing, int status, String reason) {
      ByteString id = device;
      if (id != null) {
        relay.closed(id, this);
      }
    }

    @Override
    public void onError(WsSession failing, Throwable error) {
      ByteString id = device;
      if (id != null) {
        relay.closed(id, this);
      }
    }

    @Override
    public void send(byte[] frame) {
      WsSession current = session;
      if (current != null) {
        synchronized (this) {
          current.send(BufferData.create(frame), true);
        }
      }
    }
  }
}
