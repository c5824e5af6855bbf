package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.ServerFrame;

/**
 * A device that keeps sending but never reads its answers must not grow the server's memory without
 * bound: once the frames waiting for it pass the per-connection cap, the server closes it, and goes
 * on serving everyone else meanwhile.
 */
class SlowReaderTest {
  @TempDir Path dir;
  private TestServer test;

  @BeforeEach
  void start() throws Exception {
    test = new TestServer(dir, Map.of());
  }

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void aDeviceThatStopsReadingIsClosedAndOthersAreStillServed() throws Exception {
    TestServer.Device stalled = test.register("+14155550121");
    TestServer.Device other = test.register("+14155550122");
    // A listener that never asks for a message: the client stops reading its socket.
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .header("Authorization", stalled.basic())
            .buildAsync(
                URI.create("ws://127.0.0.1:" + test.server.port() + "/v1/websocket"),
                new WebSocket.Listener() {
                  @Override
                  public void onOpen(WebSocket webSocket) {}
                })
            .get(10, TimeUnit.SECONDS);
    ByteBuffer ping =
        ByteBuffer.wrap(
            ClientFrame.newBuilder()
                .setId(1)
                .setPing(Ping.getDefaultInstance())
                .build()
                .toByteArray());
    // Each ping is answered; the answers pile up behind the unread socket. Bounded: 60 s or
    // 3 million pings, whichever comes first.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int sent = 0;
    boolean refused = false;
    try (TestSocket witness = TestSocket.open(test, other)) {
      while (System.nanoTime() < deadline && sent < 3_000_000) {
        try {
          socket.sendBinary(ping.duplicate(), true).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          refused = true;
          break;
        }
        sent++;
        if (sent % 50_000 == 0) {
          if (test.server.connectedDevices() < 2) {
            break;
          }
          // Meanwhile the other device is answered as usual.
          witness.send(
              ClientFrame.newBuilder().setId(sent).setPing(Ping.getDefaultInstance()).build());
          ServerFrame answer = witness.reply(sent);
          assertThat(answer.getReply().getStatus()).isEqualTo(200);
        }
      }
      for (int i = 0; i < 100 && test.server.connectedDevices() > 1; i++) {
        Thread.sleep(50);
      }
      assertThat(test.server.connectedDevices())
          .as("the stalled device is closed (after %d pings, send refused: %s)", sent, refused)
          .isEqualTo(1);
      witness.send(ClientFrame.newBuilder().setId(7).setPing(Ping.getDefaultInstance()).build());
      assertThat(witness.reply(7).getReply().getStatus()).isEqualTo(200);
    } finally {
      socket.abort();
    }
    assertThat(Duration.ofNanos(deadline - System.nanoTime())).isPositive();
  }
}
