package org.nubo.server.ws;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.jspecify.annotations.Nullable;
import org.nubo.core.relay.FrameSink;
import org.nubo.protocol.wire.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data-plane WebSocket (a device's, or a sealed sender's), on Jetty's core WebSocket layer:
 * frames arrive as they are parsed, with no listener method-handle bindings and no reference to the
 * HTTP upgrade exchange, which Jetty's WebSocket API layer keeps alive for the life of every
 * connection.
 *
 * <p>Frames are handed to Jetty as soon as they are pushed, under a lock so that pushes from any
 * thread keep their order; Jetty's flusher then gathers whatever is waiting into one socket write.
 * Frames handed over but not yet written are counted, and a device that stops reading until {@link
 * #MAX_QUEUED} frames or {@link #MAX_QUEUED_BYTES} bytes wait is disconnected rather than allowed
 * to grow the server's memory.
 *
 * <p>Incoming: binary messages (a single frame, or fragments gathered up to the session's maximum
 * binary message size, beyond which Jetty closes with 1009) go to {@link #received}; a text message
 * closes the connection with 1008 (or 1009 if it exceeds the maximum text message size, as Jetty's
 * API layer did); pings are answered with pongs. The core layer does not demand frames on its own:
 * each handled frame asks for the next.
 */
abstract class FrameSocket implements FrameHandler, FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(FrameSocket.class);

  static final int MAX_QUEUED = 1024;

  /**
   * A frame may carry a 64 KiB payload, so a count alone would let one stalled device hold 64 MiB;
   * this caps the bytes waiting for one device (64 full-size frames).
   */
  static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

  private static final byte[] EMPTY = new byte[0];

  // A serial, not a random UUID: UUID.randomUUID() reads the kernel's random source under a
  // process-wide lock on every connect (3 % of the connect path's samples), and the key only has
  // to be unique within this process.
  private static final AtomicLong SERIALS = new AtomicLong();
  private final long serial = SERIALS.incrementAndGet();
  private final Object lock = new Object();
  private volatile @Nullable CoreSession session;
  // Updated from Jetty's callbacks without the lock, so a callback never waits on a push.
  private final AtomicInteger waitingFrames = new AtomicInteger();
  private final AtomicLong waitingBytes = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  // Reassembly of a fragmented message; touched only by Jetty's onFrame, which is never concurrent.
  private byte @Nullable [] partial;
  private int partialLength;
  private long textLength = -1;

  /** The socket is open and may push; called once, before any frame. */
  abstract void opened();

  /** One whole binary message from the peer. */
  abstract void received(byte[] bytes);

  /** The socket closed (called once). */
  abstract void gone();

  /** An opaque per-connection key for per-connection limits. */
  String key() {
    return "connection-" + serial;
  }

  @Override
  public void onOpen(CoreSession coreSession, Callback callback) {
    this.session = coreSession;
    try {
      opened();
      callback.succeeded();
    } catch (Throwable failure) {
      callback.failed(failure);
    } finally {
      coreSession.demand();
    }
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    CoreSession current = session;
    if (current == null) {
      // Jetty delivers frames only after onOpen.
      callback.failed(new IllegalStateException("a frame before the socket opened"));
      return;
    }
    switch (frame.getOpCode()) {
      case OpCode.BINARY -> onBinary(current, frame, callback);
      case OpCode.TEXT -> onText(current, frame, callback);
      case OpCode.CONTINUATION -> {
        if (textLength >= 0) {
          onText(current, frame, callback);
        } else {
          onBinary(current, frame, callback);
        }
      }
      case OpCode.PING -> {
        // Answer with a pong carrying the same payload, as Jetty's API layer did.
        ByteBuffer payload =
            frame.hasPayload() ? BufferUtil.copy(frame.getPayload()) : BufferUtil.EMPTY_BUFFER;
        current.sendFrame(
            new Frame(OpCode.PONG).setPayload(payload),
            Callback.from(
                () -> {
                  callback.succeeded();
                  current.demand();
                },
                // The output may already be closed when a ping arrives.
                failure -> callback.succeeded()),
            false);
      }
      case OpCode.PONG -> {
        callback.succeeded();
        current.demand();
      }
      case OpCode.CLOSE -> {
        // Jetty answers the close once the callback succeeds.
        markClosed();
        callback.succeeded();
      }
      default -> callback.failed(new IllegalStateException("unknown opcode " + frame.getOpCode()));
    }
  }

  private void onBinary(CoreSession current, Frame frame, Callback callback) {
    int length = frame.getPayloadLength();
    long size = (long) partialLength + length;
    long max = current.getMaxBinaryMessageSize();
    if (max > 0 && size > max) {
      partial = null;
      partialLength = 0;
      callback.failed(
          new MessageTooLargeException("Binary message too large: " + size + " > " + max));
      return;
    }
    byte[] bytes;
    if (frame.isFin() && partial == null) {
      // The common case: a whole message in one frame.
      bytes = length == 0 ? EMPTY : new byte[length];
      if (length > 0) {
        frame.getPayload().slice().get(bytes);
      }
    } else {
      byte[] buffer = partial;
      if (buffer == null || buffer.length < size) {
        buffer =
            Arrays.copyOf(
                buffer == null ? EMPTY : buffer, (int) Math.max(size, 2L * partialLength));
      }
      if (length > 0) {
        frame.getPayload().slice().get(buffer, partialLength, length);
      }
      partialLength = (int) size;
      if (!frame.isFin()) {
        partial = buffer;
        callback.succeeded();
        current.demand();
        return;
      }
      bytes = buffer.length == partialLength ? buffer : Arrays.copyOf(buffer, partialLength);
      partial = null;
      partialLength = 0;
    }
    callback.succeeded();
    try {
      received(bytes);
    } catch (RuntimeException e) {
      LOG.error("a frame failed outside the error table", e);
      closeWith(CloseStatus.SERVER_ERROR, "internal error");
    } finally {
      current.demand();
    }
  }

  private void onText(CoreSession current, Frame frame, Callback callback) {
    // Text is refused whatever it says; only its size decides between 1009 and 1008.
    long size = Math.max(textLength, 0) + frame.getPayloadLength();
    long max = current.getMaxTextMessageSize();
    if (max > 0 && size > max) {
      textLength = -1;
      callback.failed(
          new MessageTooLargeException("Text message too large: " + size + " > " + max));
      return;
    }
    if (!frame.isFin()) {
      textLength = size;
      callback.succeeded();
      current.demand();
      return;
    }
    textLength = -1;
    callback.succeeded();
    close("the data plane carries binary protobuf frames only");
    current.demand();
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    markClosed();
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    markClosed();
    callback.succeeded();
  }

  @Override
  public void push(ServerFrame frame) {
    byte[] bytes = frame.toByteArray();
    boolean tooSlow;
    synchronized (lock) {
      CoreSession current = session;
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
        current.sendFrame(
            new Frame(OpCode.BINARY, ByteBuffer.wrap(bytes)),
            Callback.from(() -> written(bytes.length), failure -> markClosed()),
            false);
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

  /** Closes with 1008, telling the peer why in a few words (no personal data). */
  public void close(String reason) {
    closeWith(CloseStatus.POLICY_VIOLATION, reason);
  }

  private void closeWith(int code, String reason) {
    CoreSession current = session;
    markClosed();
    if (current != null && current.isOutputOpen()) {
      current.close(code, reason, Callback.NOOP);
    }
  }

  private void markClosed() {
    if (closed.compareAndSet(false, true)) {
      gone();
    }
  }
}
