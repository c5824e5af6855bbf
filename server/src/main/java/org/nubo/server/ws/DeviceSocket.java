package org.nubo.server.ws;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.wire.ServerFrame;

/**
 * One device's WebSocket. Frames are handed to Jetty as soon as they are pushed, under a lock so
 * that pushes from any thread keep their order; Jetty's flusher then gathers whatever is waiting
 * into one socket write. Frames handed over but not yet written are counted, and a device that
 * stops reading until {@link #MAX_QUEUED} frames or {@link #MAX_QUEUED_BYTES} bytes wait is
 * disconnected rather than allowed to grow the server's memory.
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
  private volatile @Nullable Session session;
  // Updated from Jetty's callbacks without the lock, so a callback never waits on a push.
  private final AtomicInteger waitingFrames = new AtomicInteger();
  private final AtomicLong waitingBytes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

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
    this.session = session;
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
    byte[] bytes = frame.toByteArray();
    boolean tooSlow;
    synchronized (lock) {
      Session current = session;
      if (closed.get() || current == null) {
        return;
      }
      int frames = waitingFrames.get();
      tooSlow =
          frames >= MAX_QUEUED
              || (frames > 0 && waitingBytes.get() + bytes.length > MAX_QUEUED_BYTES);
      if (!tooSlow) {
        waitingFrames.incrementAndGet();
        waitingBytes.addAndGet(bytes.length);
        // Inside the lock: the order frames reach Jetty is the order they were pushed.
        current.sendBinary(
            ByteBuffer.wrap(bytes),
            Callback.from(() -> written(bytes.length), failure -> markClosed()));
      }
    }
    if (tooSlow) {
      close("the device is not reading its frames");
    }
  }

  private void written(int length) {
    waitingFrames.decrementAndGet();
    waitingBytes.addAndGet(-length);
  }

  @Override
  public void close(String reason) {
    Session current = session;
    markClosed();
    if (current != null && current.isOpen()) {
      current.close(StatusCode.POLICY_VIOLATION, reason, Callback.NOOP);
    }
  }

  private void markClosed() {
    if (closed.compareAndSet(false, true)) {
      plane.closed(this);
    }
  }
}
