package org.nubo.bench;

import io.netty.channel.Channel;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Connect-rate benchmark with a lean client: one thread, one selector, raw sockets that send a
 * prebuilt WebSocket upgrade request and wait for the {@code 101} answer, then hold the socket
 * without speaking WebSocket. The client costs a few system calls per connect, so on a shared
 * machine more of the cores are left to the server than with the idle benchmark's clients. With
 * {@code --tls}, {@link TlsConnects} makes each connection (full TLS 1.3 handshakes, or resumed
 * ones with {@code --resume}).
 *
 * <pre>
 * java -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' org.nubo.bench.Bench connects \
 *     --target NETTY --connections 15000 --rounds 3
 * </pre>
 *
 * <p>Before measuring, {@code --warmup} connections are opened and closed three times. Each
 * measured round opens {@code --connections} sockets (at most {@code --parallel} upgrades in
 * flight, source addresses 127.0.0.2 to 127.0.0.9 in turn), reports the rate and the server's CPU
 * time per connect over that phase, then closes them all.
 */
@Command(
    name = "connects",
    mixinStandardHelpOptions = true,
    description = "Connect rate with a raw-socket client.")
final class ConnectCommand implements Callable<Integer> {
  @Mixin RigOptions rig = new RigOptions();

  @Option(
      names = "--connections",
      description = "Connections per round (default ${DEFAULT-VALUE}).")
  int connections = 15_000;

  @Option(names = "--rounds", description = "Measured rounds (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--parallel", description = "Upgrades in flight (default ${DEFAULT-VALUE}).")
  int parallel = 256;

  @Option(
      names = "--warmup",
      description = "Connections opened and closed 3 times first (default ${DEFAULT-VALUE}).")
  int warmup = 5000;

  @Option(
      names = "--resume",
      description = "With --tls: resume sessions from the server's tickets, as reconnects do.")
  boolean resume;

  private static final int SOURCES = 8;

  private record Result(int ok, int failed, int resumed, double seconds) {}

  private @Nullable TlsConnects tlsClient;

  @Override
  public Integer call() throws Exception {
    if (resume && !rig.tls) {
      throw new IllegalArgumentException("--resume needs --tls");
    }
    List<Device> devices = ServerRig.devices(rig, 0, Math.max(connections, warmup));
    List<ByteBuffer> requests = new ArrayList<>(devices.size());
    for (Device device : devices) {
      requests.add(
          ByteBuffer.wrap(
                  ("GET /v1/websocket HTTP/1.1\r\n"
                          + "Host: 127.0.0.1:"
                          + rig.port
                          + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                          + "Sec-WebSocket-Version: 13\r\nAuthorization: "
                          + device.basic()
                          + "\r\n\r\n")
                      .getBytes(StandardCharsets.US_ASCII))
              .asReadOnlyBuffer());
    }
    InetSocketAddress server = new InetSocketAddress(loopback(1), rig.port);
    try (ServerRig target = ServerRig.start(rig);
        TlsConnects tls = rig.tls ? new TlsConnects(resume) : null) {
      tlsClient = tls;
      ChildProcess.sleep(Duration.ofSeconds(2));
      for (int i = 0; i < 3; i++) {
        Queue<Closeable> open = new ConcurrentLinkedQueue<>();
        Result r = connect(server, requests.subList(0, warmup), open);
        closeAll(open);
        System.out.printf(
            "  warm-up %d: %d connected (%d failed), %.0f/s%n",
            i + 1, r.ok(), r.failed(), r.ok() / r.seconds());
        ChildProcess.sleep(Duration.ofSeconds(2));
      }
      System.out.printf(
          "connects target=%s connections=%d parallel=%d tls=%s%n",
          rig.target,
          connections,
          parallel,
          rig.tls ? TlsConnects.provider() + (resume ? ", resumed" : ", full handshakes") : "no");
      for (int round = 1; round <= rounds; round++) {
        Queue<Closeable> open = new ConcurrentLinkedQueue<>();
        ProcessSample before = target.sample();
        Map<String, Double> threads = ProcessSample.cpuByThreadName(target.pid());
        Result r = connect(server, requests.subList(0, connections), open);
        // Let the server finish the last upgrades' bookkeeping before sampling.
        ChildProcess.sleep(Duration.ofMillis(500));
        ProcessSample after = target.sample();
        double cpu = after.cpuSeconds() - before.cpuSeconds();
        System.out.printf(
            "  round %d: %d connected (%d failed%s) in %.2f s = %.0f connects/s; server CPU %.2f s ="
                + " %.0f us per connect%n",
            round,
            r.ok(),
            r.failed(),
            rig.tls ? ", " + r.resumed() + " resumed" : "",
            r.seconds(),
            r.ok() / r.seconds(),
            cpu,
            r.ok() == 0 ? 0 : cpu * 1e6 / r.ok());
        System.out.println(
            "    by thread: "
                + ProcessSample.describeDelta(
                    threads, ProcessSample.cpuByThreadName(target.pid())));
        closeAll(open);
        ChildProcess.sleep(Duration.ofSeconds(3));
      }
    }
    return 0;
  }

  /** Opens one socket per request and returns when each has its answer or has failed. */
  private Result connect(InetSocketAddress server, List<ByteBuffer> requests, Queue<Closeable> open)
      throws IOException, InterruptedException {
    InetAddress[] sources = new InetAddress[SOURCES];
    for (int i = 0; i < SOURCES; i++) {
      sources[i] = loopback(i + 2);
    }
    TlsConnects tls = tlsClient;
    if (tls != null) {
      List<byte[]> bytes = new ArrayList<>(requests.size());
      for (ByteBuffer request : requests) {
        byte[] copy = new byte[request.remaining()];
        request.duplicate().get(copy);
        bytes.add(copy);
      }
      Queue<Channel> channels = new ConcurrentLinkedQueue<>();
      TlsConnects.Result r = tls.connect(server, sources, bytes, parallel, channels);
      // Closed at the end of the round without waiting, as the plain sockets are.
      channels.forEach(channel -> open.add(() -> channel.close().isDone()));
      return new Result(r.ok(), r.failed(), r.resumed(), r.seconds());
    }
    int started = 0;
    int inFlight = 0;
    int ok = 0;
    int failed = 0;
    long start = System.nanoTime();
    try (Selector selector = Selector.open()) {
      while (started < requests.size() || inFlight > 0) {
        while (inFlight < parallel && started < requests.size()) {
          SocketChannel channel = SocketChannel.open();
          channel.configureBlocking(false);
          channel.bind(new InetSocketAddress(sources[started % SOURCES], 0));
          ByteBuffer request = requests.get(started).duplicate();
          started++;
          inFlight++;
          if (channel.connect(server)) {
            channel.write(request);
            channel.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(1024));
          } else {
            channel.register(selector, SelectionKey.OP_CONNECT, request);
          }
        }
        selector.select(1000);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          try {
            if (key.isConnectable()) {
              channel.finishConnect();
              channel.write((ByteBuffer) key.attachment());
              key.attach(ByteBuffer.allocate(1024));
              key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
              ByteBuffer answer = (ByteBuffer) key.attachment();
              if (channel.read(answer) < 0 || !answer.hasRemaining()) {
                throw new IOException("no complete answer");
              }
              String text = StandardCharsets.US_ASCII.decode(answer.duplicate().flip()).toString();
              if (text.contains("\r\n\r\n")) {
                key.cancel();
                inFlight--;
                if (text.startsWith("HTTP/1.1 101")) {
                  ok++;
                  open.add(channel);
                } else {
                  failed++;
                  channel.close();
                }
              }
            }
          } catch (IOException e) {
            key.cancel();
            channel.close();
            inFlight--;
            failed++;
          }
        }
        selector.selectedKeys().clear();
      }
    }
    return new Result(ok, failed, 0, (System.nanoTime() - start) / 1e9);
  }

  /** 127.0.0.{@code last}. */
  private static InetAddress loopback(int last) throws IOException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
  }

  private static void closeAll(Queue<Closeable> open) {
    for (Closeable connection : open) {
      try {
        connection.close();
      } catch (IOException e) {
        // already gone
      }
    }
    open.clear();
  }
}
