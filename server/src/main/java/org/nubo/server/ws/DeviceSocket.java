package org.nubo.server.ws;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.UUID;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.wire.ServerFrame;

/**
 * One device's WebSocket. Outgoing frames go through a small queue so that pushes from any thread
 * keep their order and never block; a device that stops reading until the queue holds {@link
 * #MAX_QUEUED} frames or {@link #MAX_QUEUED_BYTES} bytes is disconnected rather than allowed to
 * grow the server's memory.
 */
public final class DeviceSocket implements Session.Listener.AutoDemanding, DeviceConnection {
  static final int MAX_QUEUED = 1024;

  /**
   * A frame may carry a 64 KiB payload, so a count alone would let one stalled device hold 64 MiB;
   * this caps the bytes waiting for one device (64 full-size frames).
   */
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

  private final DevicePrincipal principal;
  private final DataPlane plane;
  private final String key = UUID.randomUUID().toString();
  private final Object lock = new Object();
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private @Nullable Session session;
  private long queuedBytes;
  private boolean writing;
  private boolean closed;

  DeviceSocket(DevicePrincipal principal, DataPlane plane) {
    this.principal = principal;
    this.plane = plane;
  }

  @Override
  public DevicePrincipal principal() {
    return principal;
  }

  /** An opaque per-connection key for per-connection limits. */
  String key() {
    return key;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    synchronized (lock) {
      this.session = session;
    }
    plane.opened(this);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    callback.succeed();
    plane.received(this, bytes);
  }

  @Override
  public void onWebSocketText(String message) {
    close("the data plane carries binary protobuf frames only");
  }

  @Override
  public void onWebSocketClose(int statusCode, @Nullable String reason, Callback callback) {
    markClosed();
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    markClosed();
  }

  @Override
  public void push(ServerFrame frame) {
    ByteBuffer bytes = ByteBuffer.wrap(frame.toByteArray());
    boolean tooSlow = false;
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED
          || (!queue.isEmpty() && queuedBytes + bytes.remaining() > MAX_QUEUED_BYTES)) {
        tooSlow = true;
      } else {
        queue.add(bytes);
        queuedBytes += bytes.remaining();
        if (writing) {
          return;
        }
        writing = true;
      }
    }
    if (tooSlow) {
      close("the device is not reading its frames");
      return;
    }
    writeNext();
  }

  private void writeNext() {
    ByteBuffer next;
    Session current;
    synchronized (lock) {
      next = queue.poll();
      current = session;
      if (next == null || current == null || closed) {
        writing = false;
        return;
      }
      queuedBytes -= next.remaining();
    }
    current.sendBinary(next, Callback.from(this::writeNext, failure -> markClosed()));
  }

  @Override
  public void close(String reason) {
    Session current;
    synchronized (lock) {
      current = session;
    }
    markClosed();
    if (current != null && current.isOpen()) {
      current.close(StatusCode.POLICY_VIOLATION, reason, Callback.NOOP);
    }
  }

  private void markClosed() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      queue.clear();
      queuedBytes = 0;
    }
    plane.closed(this);
  }
}
