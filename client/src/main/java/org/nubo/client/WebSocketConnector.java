package org.nubo.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Keeps one WebSocket to {@code /v1/websocket} open while messaging is on, reconnecting with {@link
 * Backoff}. Each socket gets its own listener; callbacks from a socket that is no longer current
 * are ignored, so a late {@code onFailure} cannot tear down its successor.
 */
final class WebSocketConnector implements Engine.Connector {
  private final OkHttpClient http;
  private final HttpUrl url;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff = new Backoff(() -> ThreadLocalRandom.current().nextDouble());
  private final Object lock = new Object();
  private @Nullable Engine engine;
  private StoredState.@Nullable Account account;
  private @Nullable WebSocket socket;
  private @Nullable ScheduledFuture<?> retry;

  WebSocketConnector(OkHttpClient http, HttpUrl url, ScheduledExecutorService scheduler) {
    this.http = http;
    this.url = url;
    this.scheduler = scheduler;
  }

  void attach(Engine engine) {
    synchronized (lock) {
      this.engine = engine;
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
    Engine target = engine;
    if (target != null) {
      target.disconnected();
    }
  }

  private void connect() {
    StoredState.Account credential = account;
    if (credential == null) {
      return;
    }
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", HttpControlPlane.authorization(credential))
            .build();
    socket = http.newWebSocket(request, new Listener());
  }

  private void lost(WebSocket webSocket) {
    Engine target;
    synchronized (lock) {
      if (socket != webSocket) {
        return;
      }
      socket = null;
      target = engine;
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
      target.disconnected();
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
      Engine target;
      synchronized (lock) {
        if (socket != webSocket) {
          return;
        }
        backoff.reset();
        target = engine;
      }
      if (target != null) {
        target.connected(
            (ClientFrame frame) ->
                isCurrent(webSocket) && webSocket.send(ByteString.of(frame.toByteArray())));
      }
    }

    @Override
    public void onMessage(WebSocket webSocket, ByteString bytes) {
      Engine target = engine;
      if (target == null || !isCurrent(webSocket)) {
        return;
      }
      ServerFrame frame;
      try {
        frame = FrameCodec.decodeServer(bytes.toByteArray());
      } catch (ProtocolException e) {
        return;
      }
      target.frame(frame);
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
