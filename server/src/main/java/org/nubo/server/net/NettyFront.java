package org.nubo.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nubo.server.http.HttpFront;
import org.nubo.server.metrics.AdminFront;
import org.nubo.server.ws.FrameSocket;
import org.nubo.server.ws.SealedUpgrades;
import org.nubo.server.ws.Upgrades;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's two listeners on Netty (decision 0007): the main port (HTTPS, or plain HTTP in
 * development, carrying both the control plane and the WebSocket data plane) and the admin port.
 * One event loop per core serves every connection; work that may block (routes, credential checks)
 * runs on virtual threads; data-plane frames are handled on the event loop itself.
 *
 * <p>Linux's native epoll transport is used where it loads, else Java's NIO.
 */
// Netty reports a failed write or close to the pipeline (exceptionCaught) and closes the channel;
// its futures carry nothing else to check.
@SuppressWarnings("FutureReturnValueIgnored")
public final class NettyFront implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NettyFront.class);

  static final String IDLE = "idle";

  /** Largest request line and header block the control plane reads. */
  private static final int MAX_INITIAL_LINE = 4096;

  private static final int MAX_HEADERS = 8192;

  private final EventLoopGroup loops;
  private final ExecutorService blocking;
  private final Channel main;
  private final Channel admin;
  private final ChannelGroup connections;
  private final Duration stopGrace;

  private NettyFront(
      EventLoopGroup loops,
      ExecutorService blocking,
      Channel main,
      Channel admin,
      ChannelGroup connections,
      Duration stopGrace) {
    this.loops = loops;
    this.blocking = blocking;
    this.main = main;
    this.admin = admin;
    this.connections = connections;
    this.stopGrace = stopGrace;
  }

  /**
   * How long requests may take, and how long a stop waits for them.
   *
   * @param requestDeadline a control-plane request not answered by then gets a 503 and its
   *     connection closes (the route's late answer is dropped)
   * @param stopGrace how long {@link #close} waits for requests in progress and for devices to
   *     answer their 1001 close, before it ends whatever is left
   */
  public record Timing(Duration requestDeadline, Duration stopGrace) {}

  /**
   * Binds both ports and starts serving.
   *
   * @param tls the main port's TLS context, or null for plain HTTP (development only)
   * @throws IllegalStateException if a port cannot be bound
   */
  public static NettyFront start(
      InetSocketAddress mainAddress,
      InetSocketAddress adminAddress,
      @Nullable SslContext tls,
      HttpFront front,
      Upgrades devices,
      SealedUpgrades sealed,
      AdminFront adminFront,
      Timing timing) {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverChannel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    if (!epoll) {
      LOG.info("netty transport=nio (epoll unavailable: {})", Epoll.unavailabilityCause());
    }
    EventLoopGroup loops =
        new MultiThreadIoEventLoopGroup(
            Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("nubo-io", true),
            io);
    ExecutorService blocking =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("nubo-http-", 0).factory());
    MainHandler mainHandler =
        new MainHandler(front, devices, sealed, blocking, timing.requestDeadline());
    AdminHandler adminHandler = new AdminHandler(adminFront);
    ChannelGroup connections = new DefaultChannelGroup("nubo-main", GlobalEventExecutor.INSTANCE);
    try {
      Channel main =
          bootstrap(loops, serverChannel)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      connections.add(channel);
                      ChannelPipeline pipeline = channel.pipeline();
                      if (tls != null) {
                        pipeline.addLast("tls", tls.newHandler(channel.alloc()));
                      }
                      // Frames pushed during a read batch leave in one write at its end.
                      pipeline.addLast("flush", new FlushConsolidationHandler(256, true));
                      pipeline.addLast(IDLE, MainHandler.httpIdle());
                      pipeline.addLast(
                          "http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192));
                      pipeline.addLast("body", new BodyLimit(front));
                      pipeline.addLast("main", mainHandler);
                    }
                  })
              .bind(mainAddress)
              .syncUninterruptibly()
              .channel();
      Channel admin =
          bootstrap(loops, serverChannel)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                      channel
                          .pipeline()
                          .addLast(MainHandler.httpIdle())
                          .addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, 8192))
                          .addLast(new HttpObjectAggregator(8192))
                          .addLast(adminHandler);
                    }
                  })
              .bind(adminAddress)
              .syncUninterruptibly()
              .channel();
      LOG.debug("netty transport={}", epoll ? "epoll" : "nio");
      return new NettyFront(loops, blocking, main, admin, connections, timing.stopGrace());
    } catch (RuntimeException e) {
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      blocking.shutdownNow();
      throw new IllegalStateException("cannot listen: " + e.getMessage(), e);
    }
  }

  private static ServerBootstrap bootstrap(
      EventLoopGroup loops, Class<? extends ServerChannel> serverChannel) {
    return new ServerBootstrap()
        .group(loops)
        .channel(serverChannel)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(
            ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(FrameSocket.LOW_WATER_BYTES, FrameSocket.MAX_QUEUED_BYTES));
  }

  /** The main port as bound (useful when the config asked for port 0). */
  public int port() {
    return ((InetSocketAddress) main.localAddress()).getPort();
  }

  /** The admin port as bound. */
  public int adminPort() {
    return ((InetSocketAddress) admin.localAddress()).getPort();
  }

  /** Blocks until the listeners close. */
  public void join() throws InterruptedException {
    main.closeFuture().sync();
  }

  /**
   * Stops gracefully, within the stop grace: no new connections; every device socket is closed with
   * 1001 (going away), so its device reconnects, after its backoff, to a server that runs; requests
   * in progress are answered (with {@code Connection: close}) and idle HTTP connections close.
   * Whatever is still open when the grace ends is closed, and routes still running then are
   * interrupted.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + stopGrace.toNanos();
    main.close().syncUninterruptibly();
    admin.close().syncUninterruptibly();
    for (Channel connection : connections) {
      connection.eventLoop().execute(() -> MainHandler.stop(connection));
    }
    blocking.shutdown();
    try {
      if (!blocking.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
        LOG.warn("requests still in progress when the stop grace ended");
      }
      if (!connections.newCloseFuture().await(remaining(deadline), TimeUnit.NANOSECONDS)) {
        LOG.info("closing {} connections left at the end of the stop grace", connections.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    blocking.shutdownNow();
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  /**
   * Gathers a request body up to {@link HttpFront#MAX_BODY}; a larger one gets the control plane's
   * own 413 answer (JSON, like every other error).
   */
  private static final class BodyLimit extends HttpObjectAggregator {
    /** The largest oversized body read and dropped to keep its connection open. */
    private static final long MAX_DRAINED_BODY = 1024 * 1024;

    private final HttpFront front;

    BodyLimit(HttpFront front) {
      super(HttpFront.MAX_BODY);
      this.front = front;
    }

    @Override
    protected void handleOversizedMessage(
        io.netty.channel.ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
      if (oversized instanceof HttpRequest) {
        // On a kept-alive connection the aggregator drops the rest of the body as it arrives,
        // and the connection serves the next request. Closing at once instead would leave the
        // unread body in the socket, and the kernel would answer it with a reset that can destroy
        // the 413 before the client reads it.
        // Up to MAX_DRAINED_BODY: beyond that (or of unknown length), draining would let one
        // client make the server read without end, so the connection closes after the answer.
        long declared = HttpUtil.getContentLength(oversized, -1L);
        boolean drain = declared >= 0 && declared <= MAX_DRAINED_BODY;
        Answers.write(ctx, front.bodyTooLarge(), drain && HttpUtil.isKeepAlive(oversized));
      } else {
        super.handleOversizedMessage(ctx, oversized);
      }
    }
  }
}
