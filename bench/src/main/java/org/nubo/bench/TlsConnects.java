package org.nubo.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code connects} command's TLS client: Netty on BoringSSL (the JDK's TLS where it does not
 * load), one event loop, a TLS 1.3 handshake then the same prebuilt upgrade request as the plain
 * client, counted once the {@code 101} arrives.
 *
 * <p>With {@code resume}, the client keeps the tickets the server sends, one set per device (the
 * request's index; TLS 1.3 tickets are used once), and a device's next connection resumes with its
 * own (no certificate, no signature), as a phone that reconnects does. Without it, every handshake
 * is a full one.
 *
 * <p>It trusts any certificate: for the bench only, on loopback, against a server it started.
 */
// A failed connect or handshake ends at the Attempt handler, which counts it; the futures carry
// nothing else.
@SuppressWarnings("FutureReturnValueIgnored")
final class TlsConnects implements AutoCloseable {
  /** What one round gave. */
  record Result(int ok, int failed, int resumed, double seconds) {}

  private static final long TIMEOUT_SECONDS = 30;

  private final EventLoopGroup loops;
  private final Bootstrap bootstrap;
  private final SslContext tls;
  private final boolean resume;

  TlsConnects(boolean resume) {
    this.resume = resume;
    loops = Connector.loops("bench-tls", 1);
    bootstrap = Connector.bootstrap(loops, (int) (TIMEOUT_SECONDS * 1000));
    tls = Connector.insecureTls13();
  }

  /** Which TLS the client runs, for the report. */
  static String provider() {
    return OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK";
  }

  /**
   * Opens one connection per request (at most {@code parallel} in progress, from {@code sources} in
   * turn) and returns once each has its answer or has failed; the upgraded ones are added to {@code
   * open}.
   */
  Result connect(
      InetSocketAddress server,
      InetAddress[] sources,
      List<byte[]> requests,
      int parallel,
      Queue<Channel> open)
      throws InterruptedException {
    Semaphore slots = new Semaphore(parallel);
    CountDownLatch finished = new CountDownLatch(requests.size());
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger resumed = new AtomicInteger();
    long start = System.nanoTime();
    long startMillis = System.currentTimeMillis();
    for (int i = 0; i < requests.size(); i++) {
      if (!slots.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        break; // the server stopped answering: report what finished
      }
      byte[] request = requests.get(i);
      // The client's session cache is keyed by peer name: one name per device.
      String peer = "device-" + i + ".bench.invalid";
      Attempt attempt =
          new Attempt(
              request,
              (channel, success, reused) -> {
                if (success) {
                  ok.incrementAndGet();
                  open.add(channel);
                  if (reused) {
                    resumed.incrementAndGet();
                  }
                } else {
                  failed.incrementAndGet();
                  channel.close();
                }
                slots.release();
                finished.countDown();
              },
              startMillis);
      bootstrap
          .clone()
          .localAddress(new InetSocketAddress(sources[i % sources.length], 0))
          .handler(
              new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                  SslHandler ssl =
                      resume
                          ? tls.newHandler(channel.alloc(), peer, server.getPort())
                          : tls.newHandler(channel.alloc());
                  channel.pipeline().addLast(ssl, attempt);
                }
              })
          .connect(server)
          .addListener(
              (ChannelFutureListener)
                  done -> {
                    if (!done.isSuccess()) {
                      attempt.finish(done.channel(), false);
                    }
                  });
    }
    if (!finished.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      System.out.println("  (some connections never finished)");
    }
    return new Result(ok.get(), failed.get(), resumed.get(), (System.nanoTime() - start) / 1e9);
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Told once per connection how it ended. */
  private interface Outcome {
    void done(Channel channel, boolean success, boolean resumed);
  }

  /**
   * One connection: writes the upgrade request once TLS is up, then waits for the whole answer.
   * Touched on its channel's event loop only, except {@link #finish}, which is idempotent.
   */
  private static final class Attempt extends ChannelInboundHandlerAdapter {
    private final byte[] request;
    private final Outcome outcome;
    private final long roundStartMillis;
    private final StringBuilder answer = new StringBuilder();
    private final AtomicInteger state = new AtomicInteger();
    private boolean reused;

    Attempt(byte[] request, Outcome outcome, long roundStartMillis) {
      this.request = request;
      this.outcome = outcome;
      this.roundStartMillis = roundStartMillis;
    }

    void finish(Channel channel, boolean success) {
      if (state.compareAndSet(0, 1)) {
        outcome.done(channel, success, success && reused);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof SslHandshakeCompletionEvent handshake) {
        if (!handshake.isSuccess()) {
          finish(ctx.channel(), false);
          return;
        }
        // A resumed session was made by an earlier handshake, before this round began (BoringSSL
        // keeps its creation time in whole seconds; rounds are seconds apart).
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        reused = ssl.engine().getSession().getCreationTime() < roundStartMillis - 1000;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(request));
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (state.get() != 0 || !(msg instanceof ByteBuf bytes)) {
          return;
        }
        answer.append(bytes.toString(StandardCharsets.US_ASCII));
        if (answer.indexOf("\r\n\r\n") >= 0) {
          finish(ctx.channel(), answer.toString().startsWith("HTTP/1.1 101"));
        } else if (answer.length() > 4096) {
          finish(ctx.channel(), false);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(ctx.channel(), false);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish(ctx.channel(), false);
    }
  }
}
