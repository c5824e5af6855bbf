package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.FrameCodec;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.ServerFrame;

/**
 * WebSocket-level behaviour of the data plane that the protocol tests do not reach: pings, a
 * message split into fragments, and the message size limits.
 */
class WebSocketEdgesTest {
  @TempDir Path dir;
  private TestServer test;
  private TestServer.Device alice;

  @BeforeEach
  void start() throws Exception {
    test = new TestServer(dir, Map.of());
    alice = test.register("+14155550101");
  }

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void aPingIsAnsweredWithItsPayload() throws Exception {
    Client c = new Client();
    c.socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
    assertThat(c.pongs.poll(10, TimeUnit.SECONDS)).isEqualTo("are you there");
    c.socket.abort();
  }

  @Test
  void aMessageSentInFragmentsIsOneFrame() throws Exception {
    Client c = new Client();
    byte[] bytes =
        ClientFrame.newBuilder().setId(7).setPing(Ping.getDefaultInstance()).build().toByteArray();
    int half = bytes.length / 2;
    c.socket.sendBinary(ByteBuffer.wrap(bytes, 0, half), false).join();
    c.socket.sendBinary(ByteBuffer.wrap(bytes, half, bytes.length - half), true).join();
    ServerFrame reply = c.frames.poll(10, TimeUnit.SECONDS);
    assertThat(reply).isNotNull();
    assertThat(reply.getId()).isEqualTo(7);
    assertThat(reply.getReply().getCode()).isEqualTo("ok");
    c.socket.abort();
  }

  @Test
  void aBinaryMessageFarOverTheLimitClosesWith1009() throws Exception {
    Client c = new Client();
    // Not joined: the server may close before the whole message is written.
    CompletableFuture<WebSocket> unused =
        c.socket.sendBinary(ByteBuffer.allocate(2 * WireLimits.MAX_FRAME_BYTES + 1), true);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
  }

  @Test
  void aLongTextMessageClosesWith1009AndAShortOneWith1008() throws Exception {
    Client c = new Client();
    CompletableFuture<WebSocket> unused = c.socket.sendText("x".repeat(2000), true);
    assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);

    Client d = new Client();
    d.socket.sendText("hel", false).join();
    d.socket.sendText("lo", true).join();
    assertThat(d.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
  }

  private final class Client implements WebSocket.Listener {
    final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final WebSocket socket;

    Client() {
      socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Authorization", alice.basic())
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(
                  URI.create("ws://127.0.0.1:" + test.server.port() + "/v1/websocket"), this)
              .join();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      frames.add(FrameCodec.decodeServer(bytes));
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      pongs.add(StandardCharsets.UTF_8.decode(message).toString());
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
