package org.nubo.server.ws;

import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.nubo.core.relay.FrameSink;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.ServerFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One data-plane WebSocket (a device's, or a sealed sender's), as the last handler of its Netty
 * channel once the upgrade is done (decision 0007).
 *
 * <p>Incoming frames are handled on the channel's event loop as they arrive, with no hop to another
 * thread: a binary message (one frame, or fragments gathered up to {@link #MAX_MESSAGE_BYTES},
 * beyond which the socket closes with 1009) goes to {@link #received}; a text message closes the
 * socket with 1008 (1009 if it is over {@link #MAX_TEXT_BYTES}); pings get pongs; a close is
 * answered and ends the socket.
 *
 * <p>{@link #push} may be called from any thread. Netty queues a write from another thread onto the
 * channel's event loop in call order, and counts its bytes as pending at once; the channel turns
 * unwritable once {@link #MAX_QUEUED_BYTES} wait, and a device that stops reading until then is
 * disconnected rather than allowed to grow the server's memory. Writes are flushed at the end of
 * each read batch or on the loop's next turn (the pipeline's flush consolidation), so a burst of
 * frames to one device leaves in few socket writes.
 */
// Netty reports a failed write or close to the pipeline (exceptionCaught) and closes the channel;
// its futures carry nothing else to check.
@SuppressWarnings("FutureReturnValueIgnored")
public abstract class FrameSocket extends ChannelInboundHandlerAdapter implements FrameSink {
  private static final Logger LOG = LoggerFactory.getLogger(FrameSocket.class);

  /**
   * Bytes that may wait unwritten for one peer (the channel's high-water mark): a frame may carry a
   * 64 KiB payload, so this holds 64 full-size frames, or thousands of small ones.
   */
  public static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;

  /** Below this, a channel that was over {@link #MAX_QUEUED_BYTES} is writable again. */
  public static final int LOW_WATER_BYTES = 1024 * 1024;

  /**
   * The largest binary message, whole or gathered from fragments: frames a little over the wire
   * limit still arrive, and get a 413 Reply from the frame codec; far over it, the socket closes.
   */
  public static final int MAX_MESSAGE_BYTES = 2 * WireLimits.MAX_FRAME_BYTES;

  /** The largest text message whose size is told apart (1009) from its being text (1008). */
  public static final int MAX_TEXT_BYTES = 1024;

  private static final byte[] EMPTY = new byte[0];

  /** How long a closing socket waits for its close frame to be written. */
  private static final long CLOSE_GRACE_SECONDS = 5;

  // A serial, not a random UUID: UUID.randomUUID() reads the kernel's random source under a
  // process-wide lock on every connect, and the key only has to be unique within this process.
  private static final AtomicLong SERIALS = new AtomicLong();
  private final long serial = SERIALS.incrementAndGet();
  private volatile @Nullable Channel channel;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set once, by whichever thread sends this side's close frame first.
  private final AtomicBoolean closeSent = new AtomicBoolean();

  // Reassembly of a fragmented message; touched only on the channel's event loop.
  private byte @Nullable [] partial;
  private int partialLength;
  private long textLength = -1;

  /** The socket is open and may push; called once, on the event loop, before any frame. */
  abstract void opened();

  /** One whole binary message from the peer, on the event loop. */
  abstract void received(byte[] bytes);

  /** The socket closed (called once). */
  abstract void gone();

  /** An opaque per-connection key for per-connection limits. */
  String key() {
    return "connection-" + serial;
  }

  /**
   * Binds the socket to its channel as the upgrade is answered (frames pushed from then on follow
   * the answer); on the channel's event loop, before it reads any frame.
   */
  public final void attach(Channel upgraded) {
    this.channel = upgraded;
    upgraded.closeFuture().addListener(f -> markClosed());
    try {
      opened();
    } catch (RuntimeException e) {
      LOG.error("a socket failed to open", e);
      closeWith(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (closed.get()) {
        // Closing: only the peer's answering close matters; anything else is dropped.
        if (frame instanceof CloseWebSocketFrame) {
          ctx.close();
        }
        return;
      }
      switch (frame) {
        case BinaryWebSocketFrame binary -> onBinary(binary.content(), binary.isFinalFragment());
        case ContinuationWebSocketFrame more -> {
          if (textLength >= 0) {
            onText(more.content().readableBytes(), more.isFinalFragment());
          } else {
            onBinary(more.content(), more.isFinalFragment());
          }
        }
        case TextWebSocketFrame text ->
            onText(text.content().readableBytes(), text.isFinalFragment());
        case PingWebSocketFrame ping -> {
          if (ctx.channel().isWritable()) {
            ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
          } else {
            // Pings from a peer that reads none of its pongs would pile up in memory.
            closeWith(WebSocketCloseStatus.POLICY_VIOLATION, "not reading its frames");
          }
        }
        case CloseWebSocketFrame close -> {
          markClosed();
          // Answer with the peer's own status (or none, if it gave none), then end the connection.
          CloseWebSocketFrame answer =
              close.statusCode() < 0
                  ? new CloseWebSocketFrame()
                  : new CloseWebSocketFrame(close.statusCode(), "");
          ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        }
        default -> {
          // A pong: nothing to do.
        }
      }
    } finally {
      frame.release();
    }
  }

  private void onBinary(ByteBuf content, boolean fin) {
    int length = content.readableBytes();
    long size = (long) partialLength + length;
    if (size > MAX_MESSAGE_BYTES) {
      partial = null;
      partialLength = 0;
      closeWith(
          WebSocketCloseStatus.MESSAGE_TOO_BIG,
          "binary message too large: " + size + " > " + MAX_MESSAGE_BYTES);
      return;
    }
    byte[] bytes;
    if (fin && partial == null) {
      // The common case: a whole message in one frame.
      bytes = length == 0 ? EMPTY : new byte[length];
      content.getBytes(content.readerIndex(), bytes);
    } else {
      byte[] buffer = partial;
      if (buffer == null || buffer.length < size) {
        buffer =
            Arrays.copyOf(
                buffer == null ? EMPTY : buffer, (int) Math.max(size, 2L * partialLength));
      }
      content.getBytes(content.readerIndex(), buffer, partialLength, length);
      partialLength = (int) size;
      if (!fin) {
        partial = buffer;
        return;
      }
      bytes = buffer.length == partialLength ? buffer : Arrays.copyOf(buffer, partialLength);
      partial = null;
      partialLength = 0;
    }
    try {
      received(bytes);
    } catch (RuntimeException e) {
      LOG.error("a frame failed outside the error table", e);
      closeWith(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
    }
  }

  private void onText(int length, boolean fin) {
    // Text is refused whatever it says; only its size decides between 1009 and 1008.
    long size = Math.max(textLength, 0) + length;
    if (size > MAX_TEXT_BYTES) {
      textLength = -1;
      closeWith(
          WebSocketCloseStatus.MESSAGE_TOO_BIG,
          "text message too large: " + size + " > " + MAX_TEXT_BYTES);
      return;
    }
    if (!fin) {
      textLength = size;
      return;
    }
    textLength = -1;
    close("the data plane carries binary protobuf frames only");
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      closeWith(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "idle for too long");
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      // A frame over the size cap, or a broken one: the decoder now drops all input, and the
      // peer is told why (1009, 1002) through the closing handshake.
      LOG.debug("socket refused a frame: {}", corrupted.closeStatus());
      closeWith(corrupted.closeStatus(), "refused frame");
      return;
    }
    LOG.debug("socket failed: {}", cause.getClass().getSimpleName());
    markClosed();
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    markClosed();
    ctx.fireChannelInactive();
  }

  @Override
  public void push(ServerFrame frame) {
    Channel current = channel;
    if (closed.get() || current == null) {
      return;
    }
    if (!current.isWritable()) {
      close("the device is not reading its frames");
      return;
    }
    current.writeAndFlush(new BinaryWebSocketFrame(encode(current, frame)), current.voidPromise());
  }

  /**
   * The frame's bytes in a pooled direct buffer, written there by protobuf itself: no byte array to
   * collect, and no copy from the heap when the socket writes it.
   */
  private static ByteBuf encode(Channel channel, ServerFrame frame) {
    int size = frame.getSerializedSize();
    ByteBuf buffer = channel.alloc().directBuffer(size, size);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(buffer.nioBuffer(0, size));
      frame.writeTo(out);
      out.checkNoSpaceLeft();
      buffer.writerIndex(size);
      return buffer;
    } catch (IOException | RuntimeException e) {
      buffer.release();
      throw new IllegalStateException("a frame could not be encoded", e);
    }
  }

  /**
   * Closes with 1001 (going away) because the server stops; the device reconnects after its
   * backoff. From any thread.
   */
  public void goAway() {
    closeWith(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server stopping");
  }

  /** Closes with 1008, telling the peer why in a few words (no personal data). */
  public void close(String reason) {
    closeWith(WebSocketCloseStatus.POLICY_VIOLATION, reason);
  }

  /**
   * Starts the closing handshake: sends the close frame, then waits for the peer's own close (or
   * {@link #CLOSE_GRACE_SECONDS}) before ending the connection, reading and dropping whatever the
   * peer still sends. Ending it at once would leave unread bytes in the socket (the rest of an
   * oversized message, say), and the kernel would answer them with a reset that can destroy the
   * close frame before the peer reads its status.
   */
  private void closeWith(WebSocketCloseStatus status, String reason) {
    Channel current = channel;
    markClosed();
    if (current == null || !current.isActive() || !closeSent.compareAndSet(false, true)) {
      return;
    }
    if (!current.isWritable()) {
      // A close frame would wait behind everything the peer does not read.
      current.close();
      return;
    }
    current.writeAndFlush(new CloseWebSocketFrame(status.code(), reason));
    current.eventLoop().schedule(() -> current.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  private void markClosed() {
    if (closed.compareAndSet(false, true)) {
      gone();
    }
  }
}
