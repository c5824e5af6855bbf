package org.nubo.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * The client side of one device's data-plane WebSocket, as the last handler of its Netty pipeline:
 * decodes each binary message (its fragments gathered) as a {@link ServerFrame} for its handler,
 * which runs on the connection's event loop, so on one thread at a time per connection. {@link
 * #send} and {@link #close} may be called from any thread.
 */
// A failed send is counted by its listener; a failed close shows as channelInactive.
@SuppressWarnings("FutureReturnValueIgnored")
final class DeviceLink extends ChannelInboundHandlerAdapter {
  /**
   * Failures across all links: sends that failed, frames that did not parse, errors, lost links.
   */
  static final AtomicLong FAILURES = new AtomicLong();

  private static final ChannelFutureListener COUNT_FAILURE =
      sent -> {
        if (!sent.isSuccess()) {
          FAILURES.incrementAndGet();
        }
      };

  private final Consumer<ServerFrame> handler;
  private final CompletableFuture<DeviceLink> opened = new CompletableFuture<>();

  /** Set once the upgrade succeeded. */
  private volatile @Nullable Channel channel;

  private volatile boolean closed;

  /** A close handshake began (ours or the server's): the end of the link is no failure. */
  private volatile boolean closing;

  // Touched on the event loop only.
  private boolean failed;
  private @Nullable CompositeByteBuf fragments;

  DeviceLink(Consumer<ServerFrame> handler) {
    this.handler = handler;
  }

  /** Completes with this link once the upgrade succeeded; fails on any error before. */
  CompletableFuture<DeviceLink> opened() {
    return opened;
  }

  boolean isClosed() {
    return closed;
  }

  void send(ClientFrame frame) {
    Channel current = channel;
    if (current == null) {
      FAILURES.incrementAndGet();
      return;
    }
    current
        .writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray())))
        .addListener(COUNT_FAILURE);
  }

  /** The event loop this link's connection runs on; the link must be open. */
  EventLoop eventLoop() {
    Channel current = channel;
    if (current == null) {
      throw new IllegalStateException("the link is not open");
    }
    return current.eventLoop();
  }

  /** Sends a close frame, then closes the connection. */
  void close() {
    Channel current = channel;
    if (current != null) {
      closing = true;
      current.close();
    }
  }

  /** The connection or its upgrade failed before it opened. */
  void failOpen(Throwable cause) {
    closed = true;
    if (opened.completeExceptionally(cause)) {
      FAILURES.incrementAndGet();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
      channel = ctx.channel();
      opened.complete(this);
    } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      failOpen(new WebSocketClientHandshakeException("the upgrade timed out"));
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof BinaryWebSocketFrame binary) {
        if (fragments != null) { // a new message before the last one's final fragment
          dropFragments();
          FAILURES.incrementAndGet();
        }
        if (binary.isFinalFragment()) {
          deliver(binary.content());
        } else {
          fragments = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
          gather(ctx, binary.content(), false);
        }
      } else if (msg instanceof ContinuationWebSocketFrame continuation) {
        if (fragments == null) {
          FAILURES.incrementAndGet();
        } else {
          gather(ctx, continuation.content(), continuation.isFinalFragment());
        }
      } else if (msg instanceof CloseWebSocketFrame) {
        // The close handler below the link answers with a close frame, then closes.
        closing = true;
        ctx.close();
      } else {
        FAILURES.incrementAndGet(); // text: the server sends none
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void gather(ChannelHandlerContext ctx, ByteBuf part, boolean last) {
    CompositeByteBuf whole = fragments;
    if (whole == null) {
      return;
    }
    whole.addComponent(true, part.retain());
    if (whole.readableBytes() > Connector.MAX_MESSAGE_BYTES) {
      dropFragments();
      FAILURES.incrementAndGet();
      ctx.close();
    } else if (last) {
      fragments = null;
      try {
        deliver(whole);
      } finally {
        whole.release();
      }
    }
  }

  private void deliver(ByteBuf content) {
    ServerFrame frame;
    try {
      frame = ServerFrame.parseFrom(content.nioBuffer());
    } catch (InvalidProtocolBufferException e) {
      FAILURES.incrementAndGet();
      return;
    }
    handler.accept(frame);
  }

  private void dropFragments() {
    CompositeByteBuf whole = fragments;
    if (whole != null) {
      fragments = null;
      whole.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (opened.isDone()) {
      if (!failed) {
        FAILURES.incrementAndGet();
      }
    } else {
      failOpen(cause);
    }
    failed = true;
    closed = true;
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    dropFragments();
    if (!opened.isDone()) {
      failOpen(new ClosedChannelException());
    } else if (!closing && !failed) {
      FAILURES.incrementAndGet(); // lost without a close handshake
    }
    failed = true;
    ctx.fireChannelInactive();
  }
}
