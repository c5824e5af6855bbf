package org.nubo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One Netty WebSocket client shared by many device connections: a few event loops (epoll where it
 * loads, else NIO) serve every connection, so the load generator spends little of the two cores it
 * shares with the server.
 *
 * <p>With TLS it trusts any certificate and skips host-name checks. That is for the bench only, on
 * loopback against a server it started itself; real devices pin the server's key.
 */
// A failed connect is reported through the listener added below, everything after it through the
// link's pipeline (exceptionCaught, channelInactive); the returned futures carry nothing else.
@SuppressWarnings("FutureReturnValueIgnored")
final class Connector implements AutoCloseable {
  /** Largest frame, and largest message gathered from fragments, a link accepts. */
  static final int MAX_MESSAGE_BYTES = 1 << 20;

  private static final int TIMEOUT_MILLIS = 30_000;

  private final EventLoopGroup loops;
  private final Bootstrap bootstrap;
  private final @Nullable SslContext tls;

  /**
   * @param bind the local address to connect from (several loopback addresses give more ephemeral
   *     ports), or null for the default
   * @param threads event loops; each serves its share of the connections on one thread
   */
  Connector(boolean tls, @Nullable InetAddress bind, int threads) {
    loops = loops("bench-ws", threads);
    bootstrap = bootstrap(loops, TIMEOUT_MILLIS);
    if (bind != null) {
      bootstrap.localAddress(new InetSocketAddress(bind, 0));
    }
    this.tls = tls ? insecureTls13() : null;
  }

  /** Client event loops named {@code name}: epoll where it loads, else NIO. */
  static EventLoopGroup loops(String name, int threads) {
    return new MultiThreadIoEventLoopGroup(
        Math.max(1, threads),
        new DefaultThreadFactory(name, true),
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** A client bootstrap on {@code loops}: no Nagle delay, a bounded connect. */
  static Bootstrap bootstrap(EventLoopGroup loops, int connectTimeoutMillis) {
    return new Bootstrap()
        .group(loops)
        .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
  }

  /** TLS 1.3 on BoringSSL where it loads, trusting any certificate (the bench only). */
  static SslContext insecureTls13() {
    try {
      return SslContextBuilder.forClient()
          .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
          .protocols("TLSv1.3")
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          // Netty 4.2 checks the host name by default; the bench's self-signed key has none to
          // check.
          .endpointIdentificationAlgorithm(null)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("no client TLS context", e);
    }
  }

  /** Opens {@code device}'s data-plane connection; completes once the upgrade succeeded. */
  CompletableFuture<DeviceLink> connect(URI uri, Device device, DeviceLink link) {
    return open(
        uri, new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, device.basic()), link);
  }

  /** Opens a sealed-sender connection: no credential. */
  CompletableFuture<DeviceLink> connectSealed(URI uri, DeviceLink link) {
    return open(uri, EmptyHttpHeaders.INSTANCE, link);
  }

  private CompletableFuture<DeviceLink> open(URI uri, HttpHeaders headers, DeviceLink link) {
    WebSocketClientProtocolConfig upgrade =
        WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(headers)
            .maxFramePayloadLength(MAX_MESSAGE_BYTES)
            // The link sees the server's close frame, to tell a clean close from a lost connection.
            .handleCloseFrames(false)
            .generateOriginHeader(false)
            .withUTF8Validator(false)
            .handshakeTimeoutMillis(TIMEOUT_MILLIS)
            .build();
    String host = uri.getHost();
    int port = uri.getPort() > 0 ? uri.getPort() : tls != null ? 443 : 80;
    SslContext context = tls;
    ChannelFuture connecting =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    ChannelPipeline pipeline = channel.pipeline();
                    if (context != null) {
                      SslHandler ssl = context.newHandler(channel.alloc(), host, port);
                      ssl.setHandshakeTimeoutMillis(TIMEOUT_MILLIS);
                      pipeline.addLast(ssl);
                    }
                    // Frames written in a burst (a read batch, or the messages a pacer found due)
                    // leave in one write.
                    pipeline.addLast(new FlushConsolidationHandler(256, true));
                    pipeline.addLast(new HttpClientCodec());
                    pipeline.addLast(new HttpObjectAggregator(8192));
                    // Sends the upgrade on connect, then swaps the HTTP codec for the WebSocket
                    // one (masking what it sends, as clients must) and answers pings.
                    pipeline.addLast(new WebSocketClientProtocolHandler(upgrade));
                    pipeline.addLast(link);
                  }
                })
            .connect(host, port);
    connecting.addListener(
        (ChannelFutureListener)
            done -> {
              if (!done.isSuccess()) {
                link.failOpen(done.cause());
              }
            });
    return link.opened();
  }

  /** Closes every connection and stops the event loops. */
  @Override
  public void close() {
    loops.shutdownGracefully(100, 2_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
  }
}
