package org.nubo.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.jspecify.annotations.Nullable;
import org.nubo.client.internal.Backoff;
import org.nubo.protocol.FrameCodec;
import org.nubo.protocol.ProtocolException;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Keeps one WebSocket open while messaging is on, reconnecting with {@link Backoff}: the
 * authenticated {@code /v1/websocket}, or the sealed-sender {@code /v1/websocket/sealed}, which is
 * opened without any credential so the server cannot tie what it carries to an account. Both go
 * through the same pinned OkHttp client. Each socket gets its own listener; callbacks from a socket
 * that is no longer current are ignored, so a late {@code onFailure} cannot tear down its
 * successor.
 */
final class WebSocketConnector implements Engine.Connector {
  /** Where a socket's life is reported: the engine's methods for one of its two sockets. */
  record Endpoint(
      Consumer<Engine.FrameSink> connected, Consumer<ServerFrame> frame, Runnable disconnected) {}

  private final OkHttpClient http;
  private final HttpUrl url;
  private final boolean authenticated;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());
  private final Object lock = new Object();
  private @Nullable Endpoint endpoint;
  private StoredState.@Nullable Account account;
  private @Nullable WebSocket socket;
  private @Nullable ScheduledFuture<?> retry;

  /**
   * @param authenticated whether the upgrade carries the device credential; false for the sealed
   *     socket
   */
  WebSocketConnector(
      OkHttpClient http, HttpUrl url, boolean authenticated, ScheduledExecutorService scheduler) {
    this.http = http;
    this.url = url;
    this.authenticated = authenticated;
    this.scheduler = scheduler;
  }

  void attach(Endpoint endpoint) {
    synchronized (lock) {
      this.endpoint = endpoint;
    }
  }

  @Override
  public void open(StoredState.Account account) {
    synchronized (lock) {
      this.account = account;
      backoff.reset();
      if (socket == null && retry == null) {
        connect();
      }
    }
  }

  @Override
  public void close() {
    WebSocket current;
    synchronized (lock) {
      account = null;
      current = socket;
      socket = null;
      ScheduledFuture<?> pendingRetry = retry;
      if (pendingRetry != null) {
        pendingRetry.cancel(false);
        retry = null;
      }
    }
    if (current != null) {
      current.close(1000, "messaging off");
    }
    Endpoint target = endpoint;
    if (target != null) {
      target.disconnected().run();
    }
  }

  private void connect() {
    StoredState.Account credential = account;
    if (credential == null) {
      return;
    }
    Request.Builder request = new Request.Builder().url(url);
    if (authenticated) {
      request.header("Authorization", HttpControlPlane.authorization(credential));
    }
    socket = http.newWebSocket(request.build(), new Listener());
  }

  private void lost(WebSocket webSocket) {
    Endpoint target;
    synchronized (lock) {
      if (socket != webSocket) {
        return;
      }
      socket = null;
      target = endpoint;
      if (account != null) {
        long delay = backoff.next().toMillis();
        retry =
            scheduler.schedule(
                () -> {
                  synchronized (lock) {
                    retry = null;
                    if (socket == null) {
                      connect();
                    }
                  }
                },
                delay,
                TimeUnit.MILLISECONDS);
      }
    }
    if (target != null) {
      target.disconnected().run();
    }
  }

  private boolean isCurrent(WebSocket webSocket) {
    synchronized (lock) {
      return socket == webSocket;
    }
  }

  private final class Listener extends WebSocketListener {
    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      Endpoint target;
      synchronized (lock) {
        if (socket != webSocket) {
          return;
        }
        backoff.reset();
        target = endpoint;
      }
      if (target != null) {
        target
            .connected()
            .accept(
                (ClientFrame frame) ->
                    isCurrent(webSocket) && webSocket.send(ByteString.of(frame.toByteArray())));
      }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      Endpoint target = endpoint;
      if (target == null || !isCurrent(webSocket)) {
        return;
      }
      ServerFrame frame;
      try {
        frame = FrameCodec.decodeServer(bytes.toByteArray());
      } catch (ProtocolException e) {
        return;
      }
      target.frame().accept(frame);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(1000, null);
      lost(webSocket);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      lost(webSocket);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, @Nullable Response response) {
      lost(webSocket);
    }
  }
}
