package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main port's HTTP over a raw socket: pipelined requests are answered one by one and in order,
 * and only RFC 6455 WebSocket upgrades are accepted.
 */
class HttpEdgesTest {
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

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
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    String one = "GET /v1/config HTTP/1.1\r\nHost: x\r\n\r\n";
    String missing = "GET /v1/nothing-here HTTP/1.1\r\nHost: x\r\n\r\n";
    String last = "GET /v1/config HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    String answers = exchange(one + missing + one + last);

    Matcher statuses = STATUS.matcher(answers);
    StringBuilder seen = new StringBuilder();
    while (statuses.find()) {
      seen.append(statuses.group(1)).append(' ');
    }
    assertThat(seen.toString().trim()).isEqualTo("200 404 200 200");
  }

  @Test
  void aWebSocketUpgradeOfAnOlderDraftIsRefused() throws Exception {
    // A draft-75 style request: no Sec-WebSocket-Version, no key.
    String draft =
        String.join(
            "\r\n",
            "GET /v1/websocket/sealed HTTP/1.1",
            "Host: x",
            "Connection: Upgrade",
            "Upgrade: WebSocket",
            "Origin: http://x",
            "",
            "");

    String answer = exchange(draft);

    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("malformed_request");
  }

  @Test
  void headersOverTheLimitGet431() throws Exception {
    String big = "GET /v1/config HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(9000) + "\r\n\r\n";

    String answer = exchange(big);

    assertThat(answer).startsWith("HTTP/1.1 431 ").contains("headers_too_large");
  }

  @Test
  void aRequestLineOverTheLimitGets414() throws Exception {
    String longLine = "GET /v1/config?" + "q".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n";

    String answer = exchange(longLine);

    assertThat(answer).startsWith("HTTP/1.1 414 ").contains("uri_too_long");
  }

  @Test
  void anHttp10ClientAskingToKeepTheConnectionIsToldItIsKept() throws Exception {
    String kept = "GET /v1/config HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
    String last = "GET /v1/config HTTP/1.0\r\n\r\n";

    String answers = exchange(kept + last);

    // Both answered on one connection: the first says it stays open, the second that it closes.
    String[] parts = answers.split("HTTP/1\\.1 ");
    assertThat(parts).hasSize(3);
    assertThat(parts[1]).startsWith("200 ").containsIgnoringCase("connection: keep-alive");
    assertThat(parts[2]).startsWith("200 ").containsIgnoringCase("connection: close");
  }

  /** Writes {@code requests} in one go and reads until the server closes (at most 10 s). */
  private String exchange(String requests) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), test.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(requests.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        received.write(buffer, 0, n);
      }
      return received.toString(StandardCharsets.UTF_8);
    }
  }
}
