package org.nubo.server.net;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.nubo.server.http.HttpFront;
import org.nubo.server.ws.DataPlane;
import org.nubo.server.ws.FrameSocket;
import org.nubo.server.ws.SealedUpgrades;
import org.nubo.server.ws.Upgrades;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main port's HTTP requests: WebSocket upgrades on the two data-plane paths, every other
 * request to the control plane. Both may read storage (a route, a device's credential), so that
 * work runs on a virtual thread, never on the event loop; the connection reads nothing more until
 * the answer is written, so answers keep the order of requests.
 *
 * <p>An admitted upgrade replaces this handler with the connection's {@link FrameSocket}, and the
 * HTTP codec with WebSocket's: after that the connection holds no HTTP state.
 */
// Netty reports a failed write or close to the pipeline (exceptionCaught) and closes the channel;
// its futures carry nothing else to check.
@SuppressWarnings("FutureReturnValueIgnored")
@ChannelHandler.Sharable
final class MainHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(MainHandler.class);

  /**
   * A data-plane socket the peer sends nothing on for this long is closed: devices send pings, so
   * only a gone peer falls silent. (Writes do not count: the kernel accepts them for a dead peer.)
   */
  static final int SOCKET_IDLE_SECONDS = 90;

  private final HttpFront front;
  private final Upgrades devices;
  private final SealedUpgrades sealed;
  private final Executor blocking;
  private final long deadlineNanos;
  private final WebSocketServerHandshakerFactory handshakers;

  MainHandler(
      HttpFront front,
      Upgrades devices,
      SealedUpgrades sealed,
      Executor blocking,
      Duration requestDeadline) {
    super(true);
    this.front = front;
    this.devices = devices;
    this.sealed = sealed;
    this.blocking = blocking;
    this.deadlineNanos = requestDeadline.toNanos();
    this.handshakers =
        new WebSocketServerHandshakerFactory(
            // Only pre-standard drafts put this URL on the wire; version 13 never does.
            "ws://localhost" + DataPlane.SEALED_PATH,
            null,
            WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(FrameSocket.MAX_MESSAGE_BYTES)
                .allowExtensions(false)
                .expectMaskedFrames(true)
                // The socket answers a violation with the closing handshake, not an abrupt close.
                .closeOnProtocolViolation(false)
                .build());
  }

  /**
   * Requests of one connection, served one at a time: turning reads off stops the socket, but the
   * HTTP decoder may already hold more pipelined requests, which wait here (a few at most).
   */
  private static final class Queue {
    boolean busy;
    final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

    /** The server is stopping: the answer in progress is the connection's last. */
    volatile boolean stopping;
  }

  private static final AttributeKey<Queue> QUEUE = AttributeKey.valueOf("nubo-requests");

  /** Pipelined requests one connection may have waiting; beyond, it is closed. */
  static final int MAX_PIPELINED = 8;

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    ctx.channel().config().setAutoRead(false);
    // Only the channel's event loop touches its queue: no race between the get and the set.
    Queue queue = ctx.channel().attr(QUEUE).get();
    if (queue == null) {
      queue = new Queue();
      ctx.channel().attr(QUEUE).set(queue);
    }
    if (queue.busy) {
      if (queue.waiting.size() >= MAX_PIPELINED) {
        ctx.close();
        return;
      }
      queue.waiting.add(request.retain());
      return;
    }
    queue.busy = true;
    serve(ctx, request);
  }

  /**
   * The server is stopping (on the channel's event loop): a device socket is closed with 1001; an
   * HTTP connection closes now if it is idle, else after the answer in progress.
   */
  static void stop(Channel channel) {
    FrameSocket socket = channel.pipeline().get(FrameSocket.class);
    if (socket != null) {
      socket.goAway();
      return;
    }
    Queue queue = channel.attr(QUEUE).get();
    if (queue == null || !queue.busy) {
      channel.close();
      return;
    }
    queue.stopping = true;
    queue.waiting.forEach(FullHttpRequest::release);
    queue.waiting.clear();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Queue queue = ctx.channel().attr(QUEUE).get();
    if (queue != null) {
      queue.waiting.forEach(FullHttpRequest::release);
      queue.waiting.clear();
    }
    ctx.fireChannelInactive();
  }

  /** One request; the request stays valid only until this returns. */
  private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      Throwable cause = request.decoderResult().cause();
      HttpFront.Answer refusal =
          switch (cause) {
            case TooLongHttpHeaderException tooLong -> front.headersTooLarge();
            case TooLongHttpLineException tooLong -> front.uriTooLong();
            case null, default -> front.malformed();
          };
      Answers.write(ctx, refusal, false);
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String path = uri.rawPath();
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    boolean legacy = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    if (path.equals(Upgrades.PATH) || path.equals(DataPlane.SEALED_PATH)) {
      if (isUpgrade(request)) {
        upgrade(ctx, request.retain(), path.equals(DataPlane.SEALED_PATH), keepAlive, legacy);
        return;
      }
      if (request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        // Only RFC 6455 (version 13, with its key): older drafts lack the key proof and masking.
        Answers.write(ctx, front.malformed(), false);
        return;
      }
    }
    HttpFront.Exchange exchange =
        new HttpFront.Exchange(
            request.method().name(),
            path,
            uri.rawQuery().isEmpty() ? null : uri.rawQuery(),
            headers(request),
            ByteBufUtil.getBytes(request.content()),
            remoteAddress(ctx.channel()));
    Pending pending = new Pending(ctx, keepAlive, legacy);
    // Refused, it has answered 503 itself; the request needs no release here.
    boolean unused = offload(pending, () -> answer(pending, () -> front.handle(exchange)));
  }

  /**
   * Runs {@code work} on a virtual thread. Once the server has begun to stop, none is started: the
   * request gets {@code 503 stopping} (a request can still arrive in the moment before its idle
   * connection is closed).
   *
   * @return whether {@code work} was started
   */
  private boolean offload(Pending pending, Runnable work) {
    try {
      blocking.execute(work);
      return true;
    } catch (RejectedExecutionException e) {
      if (pending.claim()) {
        Answers.write(pending.ctx, front.stopping(), false, pending.legacy);
      }
      return false;
    }
  }

  /**
   * One request being worked on. Its answer is written once: by the route, or by the deadline (a
   * 503, after which the connection closes and the route's late answer is dropped).
   */
  private final class Pending {
    final ChannelHandlerContext ctx;
    final boolean keepAlive;
    final boolean legacy;
    final AtomicBoolean answered = new AtomicBoolean();
    final io.netty.util.concurrent.Future<?> deadline;

    Pending(ChannelHandlerContext ctx, boolean keepAlive, boolean legacy) {
      this.ctx = ctx;
      this.keepAlive = keepAlive;
      this.legacy = legacy;
      this.deadline = ctx.executor().schedule(this::expire, deadlineNanos, TimeUnit.NANOSECONDS);
    }

    /** True for the one caller that may write the answer. */
    boolean claim() {
      deadline.cancel(false);
      return answered.compareAndSet(false, true);
    }

    private void expire() {
      if (answered.compareAndSet(false, true)) {
        LOG.warn(
            "a request passed its deadline of {} ms", TimeUnit.NANOSECONDS.toMillis(deadlineNanos));
        Answers.write(ctx, front.timedOut(), false, legacy);
      }
    }

    boolean keepAlive() {
      Queue queue = ctx.channel().attr(QUEUE).get();
      return keepAlive && (queue == null || !queue.stopping);
    }
  }

  /**
   * Writes what {@code work} answers (off the event loop), then serves the next waiting request.
   * Whatever fails on the way closes the connection rather than leave it waiting.
   */
  private void answer(Pending pending, Supplier<HttpFront.Answer> work) {
    ChannelHandlerContext ctx = pending.ctx;
    try {
      HttpFront.Answer answer;
      try {
        answer = work.get();
      } catch (RuntimeException e) {
        answer = front.refused(e);
      }
      if (!pending.claim()) {
        return; // the deadline answered and closed the connection
      }
      resume(ctx, Answers.write(ctx, answer, pending.keepAlive(), pending.legacy));
    } catch (Throwable e) {
      LOG.error("an answer could not be written", e);
      ctx.close();
      if (e instanceof Error error) {
        throw error;
      }
    }
  }

  /** Admits the socket off the event loop, then completes the handshake back on it. */
  private void upgrade(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      boolean sealedSocket,
      boolean keepAlive,
      boolean legacy) {
    String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    String address = remoteAddress(ctx.channel());
    Pending pending = new Pending(ctx, keepAlive, legacy);
    boolean started =
        offload(
            pending,
            () -> {
              FrameSocket socket;
              try {
                socket =
                    sealedSocket
                        ? sealed.admit(front.clientKey(address))
                        : devices.admit(authorization);
              } catch (RuntimeException e) {
                request.release();
                answer(pending, () -> front.refused(e));
                return;
              }
              if (!pending.claim()) {
                request.release();
                return;
              }
              ctx.channel().eventLoop().execute(() -> handshake(ctx, request, socket));
            });
    if (!started) {
      request.release();
    }
  }

  private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, FrameSocket socket) {
    Channel channel = ctx.channel();
    try {
      Queue queue = channel.attr(QUEUE).get();
      if (queue != null && queue.stopping) {
        Answers.write(ctx, front.stopping(), false);
        return;
      }
      if (queue != null && !queue.waiting.isEmpty()) {
        // Bytes after an upgrade request belong to no protocol: refuse rather than guess.
        Answers.write(ctx, front.malformed(), false);
        return;
      }
      WebSocketServerHandshaker handshaker = handshakers.newHandshaker(request);
      if (handshaker == null) {
        WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel)
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ChannelPipeline pipeline = ctx.pipeline();
      pipeline.replace(
          NettyFront.IDLE, NettyFront.IDLE, new IdleStateHandler(SOCKET_IDLE_SECONDS, 0, 0));
      pipeline.replace(this, "socket", socket);
      ChannelFuture answered = handshaker.handshake(channel, request);
      // Attached now, not once the 101 is written. The handshake has already put the WebSocket
      // encoder in place, and every frame pushed from here on goes out after the 101, on this
      // channel, in order. Once a phone has read the 101, the relay can reach it. Attaching when
      // the write completed left a moment (long, if this loop was descheduled) in which the phone
      // counted itself connected while the relay decided its messages NOT_DELIVERED.
      socket.attach(channel);
      channel.config().setAutoRead(true);
      answered.addListener(
          (ChannelFutureListener)
              done -> {
                if (!done.isSuccess()) {
                  channel.close();
                }
              });
    } catch (RuntimeException e) {
      // A malformed handshake (no key, wrong version header): refuse it and close.
      LOG.debug("websocket handshake refused: {}", e.getClass().getSimpleName());
      Answers.write(ctx, front.malformed(), false);
    } finally {
      request.release();
    }
  }

  /** Once this request's answer is written: the next waiting request, or reading again. */
  private void resume(ChannelHandlerContext ctx, io.netty.channel.ChannelFuture answerWritten) {
    answerWritten.addListener(
        (ChannelFutureListener)
            done -> {
              Channel channel = done.channel();
              Queue queue = channel.attr(QUEUE).get();
              if (!channel.isActive() || queue == null) {
                return;
              }
              if (queue.stopping) {
                channel.close();
                return;
              }
              FullHttpRequest next = queue.waiting.poll();
              if (next == null) {
                queue.busy = false;
                channel.config().setAutoRead(true);
                return;
              }
              try {
                serve(ctx, next);
              } finally {
                next.release();
              }
            });
  }

  private static boolean isUpgrade(FullHttpRequest request) {
    return request.method().equals(HttpMethod.GET)
        && "13".equals(request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))
        && request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)
        && request
            .headers()
            .containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static Map<String, String> headers(FullHttpRequest request) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
    }
    return Map.copyOf(headers);
  }

  static String remoteAddress(Channel channel) {
    SocketAddress address = channel.remoteAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("http connection failed: {}", cause.getClass().getSimpleName());
    ctx.close();
  }

  /** Seconds an HTTP connection may stay open without a request. */
  static final long HTTP_IDLE_SECONDS = 120;

  static IdleStateHandler httpIdle() {
    return new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS, TimeUnit.SECONDS);
  }
}
