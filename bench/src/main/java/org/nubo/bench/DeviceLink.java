package org.nubo.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * The client side of one device's data-plane WebSocket: decodes each binary message as a {@link
 * ServerFrame} for its handler, which Jetty calls on one thread at a time per connection. Public
 * because Jetty reaches its callbacks through method handles.
 */
public final class DeviceLink implements Session.Listener.AutoDemanding {
  /** Failures across all links: sends that failed, frames that did not parse, closes. */
  static final AtomicLong FAILURES = new AtomicLong();

  private final Consumer<ServerFrame> handler;
  private volatile @Nullable Session session;
  private volatile boolean closed;

  DeviceLink(Consumer<ServerFrame> handler) {
    this.handler = handler;
  }

  boolean isClosed() {
    return closed;
  }

  void send(ClientFrame frame) {
    Session current = session;
    if (current == null) {
      FAILURES.incrementAndGet();
      return;
    }
    current.sendBinary(
        ByteBuffer.wrap(frame.toByteArray()),
        Callback.from(() -> {}, failure -> FAILURES.incrementAndGet()));
  }

  void close() {
    Session current = session;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    this.session = opened;
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    ServerFrame frame;
    try {
      frame = ServerFrame.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      FAILURES.incrementAndGet();
      callback.succeed();
      return;
    }
    callback.succeed();
    handler.accept(frame);
  }

  @Override
  public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
    closed = true;
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closed = true;
    FAILURES.incrementAndGet();
  }
}
