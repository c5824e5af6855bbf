package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Privacy invariant: with messaging off the SDK opens no connection, whatever the app does. */
class NoConnectionWhenOffTest {

  @Test
  void withMessagingOffNothingTheAppDoesOpensAConnection(@TempDir Path dir) throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      AtomicInteger accepts = new AtomicInteger();
      Thread acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    Socket socket = server.accept();
                    accepts.incrementAndGet();
                    socket.close();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
      Harness.RecordingSms sms = new Harness.RecordingSms();
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");

      try (NuboClient client =
          NuboClient.builder()
              .server(uri)
              .allowPlaintextForDevelopment()
              .store(new FileClientStore(dir))
              .smsTransport(sms)
              .clock(scheduler.clock())
              .scheduler(scheduler)
              .eventExecutor(Runnable::run)
              .defaultRegion("US")
              .callTimeout(Duration.ofSeconds(5))
              .build()) {
        client.subscribe(event -> {});
        client.addContact("Alice", Harness.ALICE);
        client.send(Harness.ALICE, "by sms");
        assertThat(client.reachability(Harness.ALICE)).isCompletedWithValue(Reachability.GRAY);
        client.onSmsReceived(Harness.ALICE, "hello");
        client.disableMessaging();
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(client.isConnected()).isFalse();
        assertThat(client.reachability(Harness.ALICE)).isCompletedWithValue(Reachability.GRAY);
        assertThat(sms.sent).hasSize(1);
        Thread.sleep(200);
        assertThat(accepts.get()).isZero();

        // The detector works: the one thing that may reach the server while off is asking for a
        // verification code; this server hangs up, so the call fails as a network error.
        assertThatThrownBy(() -> client.startVerification(Harness.ME))
            .isInstanceOf(NetworkException.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (accepts.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(accepts.get()).isPositive();
      }
    }
  }

  @Test
  void theGateRefusesEveryOtherRouteWhileMessagingIsOff(@TempDir Path dir) {
    NuboClient.MessagingGate gate = new NuboClient.MessagingGate(() -> false);
    assertThat(gate).isNotNull();
    assertThatThrownBy(
            () ->
                NuboClient.builder()
                    .server(URI.create("http://127.0.0.1:1/"))
                    .store(new FileClientStore(dir))
                    .smsTransport(new Harness.RecordingSms())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("allowPlaintextForDevelopment");
    assertThatThrownBy(
            () ->
                NuboClient.builder()
                    .server(URI.create("https://127.0.0.1:1/"))
                    .store(new FileClientStore(dir))
                    .smsTransport(new Harness.RecordingSms())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serverKeyPin");
  }
}
