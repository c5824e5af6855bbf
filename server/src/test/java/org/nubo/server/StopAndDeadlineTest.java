package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request that hangs (here: a carrier that does not answer) gets a 503 at the server's deadline
 * while everyone else is served; a stopping server closes device sockets with 1001 and answers the
 * requests in progress before it lets go of storage.
 */
class StopAndDeadlineTest {
  /** Texts to this number reach a carrier that hangs until the test lets it go. */
  private static final String SLOW_NUMBER = "+14155550199";

  @TempDir Path dir;
  private final CountDownLatch carrierEntered = new CountDownLatch(1);
  private final CountDownLatch carrierReleased = new CountDownLatch(1);
  private TestServer test;
  private boolean stopped;

  private TestServer start(Map<String, String> settings) {
    test =
        new TestServer(
            dir,
            settings,
            (to, text) -> {
              if (to.equals(SLOW_NUMBER)) {
                carrierEntered.countDown();
                try {
                  carrierReleased.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            });
    return test;
  }

  @AfterEach
  void stop() {
    carrierReleased.countDown();
    if (test != null && !stopped) {
      test.close();
    }
  }

  @Test
  void aRequestPastTheDeadlineGets503WhileOthersAreServed() throws Exception {
    // Every request has this deadline, the quick ones below too: 3 s leaves them room on a slow
    // machine, and the slow one still ends in a 503 well before the 10 s this test waits.
    start(Map.of("NUBO_SERVER_REQUEST_DEADLINE_MS", "3000"));

    CompletableFuture<HttpResponse<String>> slow = startVerification(SLOW_NUMBER);
    assertThat(carrierEntered.await(10, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> other = test.call("GET", "/v1/config", "");
    TestServer.Device someone = test.register("+14155550123");

    HttpResponse<String> answer = slow.get(10, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).contains("timed_out");
    assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(someone.token()).isNotEmpty();
  }

  @Test
  void stoppingClosesDeviceSocketsWith1001AndAnswersRequestsInProgress() throws Exception {
    start(Map.of());
    TestServer.Device device = test.register("+14155550123");
    int port = test.server.port();
    try (TestSocket socket = TestSocket.open(test, device)) {
      CompletableFuture<HttpResponse<String>> inProgress = startVerification(SLOW_NUMBER);
      assertThat(carrierEntered.await(10, TimeUnit.SECONDS)).isTrue();

      long begun = System.nanoTime();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(test::close);
      stopped = true;

      // The device is told at once, while the request is still being worked on.
      assertThat(socket.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
      assertThat(stopping).isNotDone();
      carrierReleased.countDown();

      HttpResponse<String> answer = inProgress.get(10, TimeUnit.SECONDS);
      assertThat(answer.statusCode()).isEqualTo(201);
      stopping.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - begun)).isLessThan(Duration.ofSeconds(8));
    }
    // Nothing listens any more.
    assertThat(connects(port)).isFalse();
  }

  private CompletableFuture<HttpResponse<String>> startVerification(String number) {
    return test.http.sendAsync(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + test.server.port() + "/v1/verification/sessions"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"number\":\"" + number + "\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean connects(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return socket.isConnected();
    } catch (IOException e) {
      return false;
    }
  }
}
