package org.nubo.bench.spike;

import com.google.protobuf.ByteString;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import org.jspecify.annotations.Nullable;
import org.nubo.server.tls.ServerIdentity;

/**
 * {@link SpikeRelay} on Netty 4.2: one event loop per core (native epoll when it loads, NIO
 * otherwise), the relay run inline on the loop that read the frame, and writes batched so that each
 * channel is flushed at most once per loop iteration. Started by the load generator with {@code
 * relay --target NETTY} or {@code idle --target NETTY} (add {@code --tls} for TLS 1.3 with the
 * JDK's engine); by hand:
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.spike.NettySpikeServer 38443 [--tls]
 * </pre>
 *
 * <p>What the real server would need and the spike keeps cheap on purpose: a peer whose unsent
 * frames pass {@link #HIGH_WATER} bytes is disconnected (the real server drops a stalled device),
 * and a connection silent for about 90 s is closed by one sweep per loop every 30 s, not by a timer
 * per connection.
 */
// Netty's writes and closes return futures that this relay does not wait on: failures show up as a
// closed channel (channelInactive), which is all the spike needs.
@SuppressWarnings("FutureReturnValueIgnored")
public final class NettySpikeServer {
  private static final String PATH = "/v1/websocket";

  /** Unsent bytes above which a peer counts as stalled and is disconnected. */
  private static final int HIGH_WATER = 4 << 20;

  /** The largest frame or reassembled message accepted, as in the Jetty spike. */
  private static final int MAX_MESSAGE = 133_120;

  private static final int SWEEP_SECONDS = 30;

  /** Sweeps a connection may stay silent through before it is closed (about 90 s). */
  private static final int SILENT_SWEEPS = 3;

  private static final WebSocketDecoderConfig DECODER =
      WebSocketDecoderConfig.newBuilder()
          .maxFramePayloadLength(MAX_MESSAGE)
          .expectMaskedFrames(true)
          .allowExtensions(false)
          .withUTF8Validator(false)
          .closeOnProtocolViolation(true)
          .build();

  /** The {@link Loop} of the event loop thread running, if any. */
  private static final FastThreadLocal<Loop> CURRENT = new FastThreadLocal<>();

  private NettySpikeServer() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean tls = args.length > 1 && args[1].equals("--tls");
    SpikeRelay relay = new SpikeRelay();
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> serverChannel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    int threads = Runtime.getRuntime().availableProcessors();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
    IdentityHashMap<EventExecutor, Loop> loops = new IdentityHashMap<>();
    for (EventExecutor executor : group) {
      Loop loop = new Loop((EventLoop) executor, loops.size(), threads);
      loops.put(executor, loop);
      executor.execute(() -> CURRENT.set(loop));
      executor.scheduleAtFixedRate(loop::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }
    SslContext ssl = tls ? sslContext() : null;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(serverChannel)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .childOption(
                ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 512, 65_536))
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(HIGH_WATER / 2, HIGH_WATER))
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    ChannelPipeline pipeline = channel.pipeline();
                    if (ssl != null) {
                      pipeline.addLast("tls", ssl.newHandler(channel.alloc()));
                    }
                    pipeline.addLast("http", new HttpServerCodec(4096, 8192, 8192));
                    pipeline.addLast("aggregator", new HttpObjectAggregator(8192));
                    Loop loop = loops.get(channel.eventLoop());
                    if (loop == null) {
                      throw new IllegalStateException("channel on an unknown loop");
                    }
                    pipeline.addLast("device", new Connection(relay, loop, channel));
                  }
                });
    Channel listening = bootstrap.bind("127.0.0.1", port).sync().channel();
    System.out.println(
        "Netty spike listening on 127.0.0.1:"
            + port
            + " ("
            + (epoll ? "epoll" : "nio, epoll unavailable: " + Epoll.unavailabilityCause())
            + ", "
            + threads
            + " event loops"
            + (tls ? ", TLS 1.3 JDK engine" : "")
            + ")");
    listening.closeFuture().sync();
  }

  /**
   * The server's own self-signed EC identity, made in a fresh temporary folder, in TLS 1.3 only.
   */
  private static SslContext sslContext() throws Exception {
    ServerIdentity identity =
        ServerIdentity.loadOrCreate(
            Files.createTempDirectory("netty-spike-tls"), new SecureRandom());
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity.keyStore(), identity.password().toCharArray());
    return SslContextBuilder.forServer(keys)
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3")
        .build();
  }

  /**
   * What one event loop keeps for its connections, touched only on that loop's thread: the channels
   * written to since the last flush, the frames for other loops' channels gathered during this
   * iteration (handed over as one task per loop, not one per frame), and an intrusive list of open
   * connections for the idle sweep.
   */
  private static final class Loop implements Runnable {
    private final SingleThreadEventLoop executor;
    private final int index;
    private final List<Connection> dirty = new ArrayList<>();
    private final List<List<Object>> outgoing = new ArrayList<>();
    private boolean tailScheduled;
    private int tick;
    private @Nullable Connection first;

    Loop(EventLoop executor, int index, int loops) {
      this.executor = (SingleThreadEventLoop) executor;
      this.index = index;
      for (int i = 0; i < loops; i++) {
        outgoing.add(new ArrayList<>());
      }
    }

    /** Marks a connection as having unflushed writes; flushed once after this loop iteration. */
    void dirty(Connection connection) {
      dirty.add(connection);
      scheduleTail();
    }

    /** Gathers a frame for a connection on another loop; handed over after this iteration. */
    void handOff(Connection to, byte[] frame) {
      List<Object> batch = outgoing.get(to.loop.index);
      batch.add(to);
      batch.add(frame);
      scheduleTail();
    }

    private void scheduleTail() {
      if (!tailScheduled) {
        tailScheduled = true;
        executor.executeAfterEventLoopIteration(this);
      }
    }

    /** Runs on the receiving loop: writes a batch handed over by another loop. */
    private static void deliver(List<Object> batch) {
      for (int i = 0; i < batch.size(); i += 2) {
        ((Connection) batch.get(i)).write((byte[]) batch.get(i + 1));
      }
    }

    /** Hands gathered frames to their loops, then flushes every channel written to. */
    @Override
    public void run() {
      tailScheduled = false;
      for (int i = 0; i < outgoing.size(); i++) {
        List<Object> batch = outgoing.get(i);
        if (!batch.isEmpty()) {
          outgoing.set(i, new ArrayList<>());
          ((Connection) batch.get(0)).loop.executor.execute(() -> deliver(batch));
        }
      }
      for (int i = 0; i < dirty.size(); i++) {
        Connection connection = dirty.get(i);
        connection.dirty = false;
        connection.channel.flush();
      }
      dirty.clear();
    }

    void link(Connection connection) {
      connection.next = first;
      if (first != null) {
        first.previous = connection;
      }
      first = connection;
    }

    void unlink(Connection connection) {
      if (connection.previous != null) {
        connection.previous.next = connection.next;
      } else if (first == connection) {
        first = connection.next;
      }
      if (connection.next != null) {
        connection.next.previous = connection.previous;
      }
      connection.previous = null;
      connection.next = null;
    }

    /** Closes connections that have sent nothing for {@link #SILENT_SWEEPS} sweeps. */
    void sweep() {
      tick++;
      List<Connection> silent = new ArrayList<>();
      for (Connection c = first; c != null; c = c.next) {
        if (tick - c.lastSeen >= SILENT_SWEEPS) {
          silent.add(c);
        }
      }
      for (Connection c : silent) {
        c.channel.close();
      }
    }
  }

  /** One device's connection: the HTTP upgrade, then its WebSocket frames. */
  private static final class Connection extends ChannelInboundHandlerAdapter
      implements SpikeRelay.Peer {
    private final SpikeRelay relay;
    private final Loop loop;
    private final Channel channel;
    private @Nullable ByteString device;
    private boolean opened;
    private boolean dirty;
    private int lastSeen;
    private @Nullable CompositeByteBuf partial;
    private @Nullable Connection previous;
    private @Nullable Connection next;

    Connection(SpikeRelay relay, Loop loop, Channel channel) {
      this.relay = relay;
      this.loop = loop;
      this.channel = channel;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      lastSeen = loop.tick;
      loop.link(this);
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      lastSeen = loop.tick;
      try {
        if (msg instanceof WebSocketFrame frame) {
          frame(ctx, frame);
        } else if (msg instanceof FullHttpRequest request) {
          upgrade(ctx, request);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
      if (device != null) {
        refuse(ctx, HttpResponseStatus.BAD_REQUEST);
        return;
      }
      String uri = request.uri();
      int query = uri.indexOf('?');
      if (!(query < 0 ? uri : uri.substring(0, query)).equals(PATH)) {
        // The REST routes would be dispatched here; the spike has none.
        refuse(ctx, HttpResponseStatus.NOT_FOUND);
        return;
      }
      if (!request
          .headers()
          .containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        refuse(ctx, HttpResponseStatus.BAD_REQUEST);
        return;
      }
      ByteString id = SpikeRelay.identify(request.headers().get(HttpHeaderNames.AUTHORIZATION));
      if (id == null) {
        refuse(ctx, HttpResponseStatus.UNAUTHORIZED);
        return;
      }
      device = id;
      // Replaces the HTTP codec and aggregator by the WebSocket decoder and encoder, so an idle
      // socket keeps no HTTP state.
      new WebSocketServerHandshaker13(PATH, null, DECODER)
          .handshake(channel, request)
          .addListener(
              (ChannelFutureListener)
                  done -> {
                    if (done.isSuccess() && channel.isActive()) {
                      opened = true;
                      relay.opened(id, this);
                    } else {
                      channel.close();
                    }
                  });
    }

    private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
      DefaultFullHttpResponse response =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private void frame(ChannelHandlerContext ctx, WebSocketFrame frame) {
      ByteString id = device;
      if (!opened || id == null) {
        return;
      }
      switch (frame) {
        case BinaryWebSocketFrame binary -> {
          if (partial != null) {
            close(ctx, 1002, "unfinished message");
          } else if (binary.isFinalFragment()) {
            relay.received(id, this, ByteBufUtil.getBytes(binary.content()));
          } else {
            CompositeByteBuf gathered = ctx.alloc().compositeBuffer();
            gathered.addComponent(true, binary.content().retain());
            partial = gathered;
          }
        }
        case ContinuationWebSocketFrame continuation -> {
          CompositeByteBuf gathered = partial;
          if (gathered == null) {
            close(ctx, 1002, "no message to continue");
            return;
          }
          gathered.addComponent(true, continuation.content().retain());
          if (gathered.readableBytes() > MAX_MESSAGE) {
            close(ctx, 1009, "message too big");
          } else if (continuation.isFinalFragment()) {
            partial = null;
            byte[] whole = ByteBufUtil.getBytes(gathered);
            gathered.release();
            relay.received(id, this, whole);
          }
        }
        case PingWebSocketFrame ping -> {
          channel.write(new PongWebSocketFrame(ping.content().retain()), channel.voidPromise());
          markDirty();
        }
        case PongWebSocketFrame pong -> {}
        case CloseWebSocketFrame close ->
            ctx.writeAndFlush(close.retainedDuplicate()).addListener(ChannelFutureListener.CLOSE);
        default -> close(ctx, 1008, "binary frames only");
      }
    }

    private void close(ChannelHandlerContext ctx, int status, String reason) {
      releasePartial();
      ctx.writeAndFlush(new CloseWebSocketFrame(status, reason))
          .addListener(ChannelFutureListener.CLOSE);
    }

    private void releasePartial() {
      CompositeByteBuf gathered = partial;
      if (gathered != null) {
        partial = null;
        gathered.release();
      }
    }

    /**
     * Queues a frame for this device. On its own loop it is written at once; from another loop it
     * joins that loop's batch for this loop, handed over after the current iteration. Either way it
     * is flushed after the iteration in which it is written.
     */
    @Override
    public void send(byte[] frame) {
      EventLoop own = channel.eventLoop();
      if (own.inEventLoop()) {
        write(frame);
        return;
      }
      Loop current = CURRENT.getIfExists();
      if (current != null) {
        current.handOff(this, frame);
      } else {
        own.execute(() -> write(frame));
      }
    }

    private void write(byte[] frame) {
      if (!channel.isActive()) {
        return;
      }
      channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
      markDirty();
      if (!channel.isWritable()) {
        // More than HIGH_WATER bytes queued: the device has stopped reading.
        channel.close();
      }
    }

    private void markDirty() {
      if (!dirty) {
        dirty = true;
        loop.dirty(this);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      loop.unlink(this);
      releasePartial();
      ByteString id = device;
      if (opened && id != null) {
        opened = false;
        relay.closed(id, this);
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
