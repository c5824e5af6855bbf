package org.nubo.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.FrameCodec;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/** A raw data-plane connection for tests: sends any bytes, records every frame and the close. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {
  final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private final WebSocket socket;

  private TestSocket(URI uri, @Nullable String authorization) {
    WebSocket.Builder builder =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    this.socket = builder.buildAsync(uri, this).join();
  }

  /** The sealed-sender socket: no credential at all. */
  static TestSocket openSealed(TestServer server) {
    return new TestSocket(
        URI.create("ws://127.0.0.1:" + server.server.port() + "/v1/websocket/sealed"), null);
  }

  static TestSocket open(TestServer server, TestServer.Device device) {
    return new TestSocket(
        URI.create("ws://127.0.0.1:" + server.server.port() + "/v1/websocket"), device.basic());
  }

  void send(ClientFrame frame) {
    sendRaw(frame.toByteArray());
  }

  void sendRaw(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** The next frame matching {@code wanted}, skipping others; fails after 10 s. */
  ServerFrame next(Predicate<ServerFrame> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      ServerFrame frame =
          frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("no matching frame within 10 s");
      }
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  ServerFrame reply(long id) throws InterruptedException {
    return next(f -> f.hasReply() && f.getId() == id);
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    partial.writeBytes(bytes);
    if (last) {
      frames.add(FrameCodec.decodeServer(partial.toByteArray()));
      partial.reset();
    }
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.abort();
    }
  }
}
