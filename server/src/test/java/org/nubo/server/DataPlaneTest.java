package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.Ack;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.Probe;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.Resolve;
import org.nubo.protocol.wire.SealedProbe;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.Send;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

/**
 * The delivery contract and bad input on the data plane, against the real server. Messages are
 * sealed: sent as SealedSend on the credential-free socket (no delivery token, so under the
 * recipient's stranger bucket), delivered on the recipient's authenticated socket.
 */
class DataPlaneTest {
  @TempDir Path dir;
  private TestServer test;
  private TestServer.Device alice;
  private TestServer.Device bob;

  /**
   * For a test that waits for a window to end: short windows keep it quick. The others get long
   * windows, so that an answer they expect in time still comes in time on a slow machine.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  private @interface WaitsForTheWindows {}

  private static final long LONG_WINDOW_MS = 10_000;

  @BeforeEach
  void start(TestInfo info) throws Exception {
    boolean waits =
        info.getTestMethod()
            .map(m -> m.isAnnotationPresent(WaitsForTheWindows.class))
            .orElse(false);
    test =
        new TestServer(
            dir,
            Map.of(
                "NUBO_RELAY_DELIVERY_WINDOW_MS",
                waits ? "1500" : Long.toString(LONG_WINDOW_MS),
                "NUBO_PRESENCE_PROBE_WINDOW_MS",
                waits ? "1000" : Long.toString(LONG_WINDOW_MS)));
    alice = test.register("+14155550101");
    bob = test.register("+14155550102");
  }

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void theFirstAckDecidesDeliveredAndTheRecipientIsToldToShow() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      ping(a, 1);
      ping(b, 1);
      anonymous.send(sealed(10, 42, bob));
      assertThat(anonymous.reply(10).getReply().getStatus()).isEqualTo(200);

      ServerFrame deliver = b.next(ServerFrame::hasDeliver);
      assertThat(deliver.getDeliver().getMessageId()).isEqualTo(42);
      assertThat(deliver.getDeliver().getPayload().toStringUtf8()).isEqualTo("hello");
      b.send(
          ClientFrame.newBuilder()
              .setAck(Ack.newBuilder().setDeliveryId(deliver.getDeliver().getDeliveryId()))
              .build());

      assertThat(b.next(ServerFrame::hasSettle).getSettle().getVerdict())
          .isEqualTo(Settle.Verdict.SHOW);
      Outcome outcome = anonymous.next(ServerFrame::hasOutcome).getOutcome();
      assertThat(outcome.getMessageId()).isEqualTo(42);
      assertThat(outcome.getDecision()).isEqualTo(Outcome.Decision.DELIVERED);

      String metrics =
          test.http
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + test.server.adminPort() + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("nubo_connected_devices 2.0")
          .contains("nubo_messages_relayed_total 1.0")
          .contains("nubo_sms_fallbacks_total 0.0")
          .contains("nubo_delivery_latency_seconds_count 1");
    }
  }

  @Test
  @WaitsForTheWindows
  void withoutAnAckTheWindowEndsNotDeliveredAndALateAckIsDropped() throws Exception {
    try (TestSocket anonymous = TestSocket.openSealed(test);
        TestSocket b = TestSocket.open(test, bob)) {
      ping(b, 1);
      anonymous.send(sealed(10, 43, bob));
      ServerFrame deliver = b.next(ServerFrame::hasDeliver);

      assertThat(anonymous.next(ServerFrame::hasOutcome).getOutcome().getDecision())
          .isEqualTo(Outcome.Decision.NOT_DELIVERED);
      assertThat(b.next(ServerFrame::hasSettle).getSettle().getVerdict())
          .isEqualTo(Settle.Verdict.DROP);

      b.send(
          ClientFrame.newBuilder()
              .setId(5)
              .setResolve(Resolve.newBuilder().addDeliveryIds(deliver.getDeliver().getDeliveryId()))
              .build());
      assertThat(b.reply(5).getReply().getSettled(0).getVerdict()).isEqualTo(Settle.Verdict.DROP);
    }
  }

  @Test
  void aRecipientWithNoConnectedDeviceIsNotDeliveredAtOnce() throws Exception {
    try (TestSocket anonymous = TestSocket.openSealed(test)) {
      long started = System.nanoTime();
      anonymous.send(sealed(10, 44, bob));
      assertThat(anonymous.next(ServerFrame::hasOutcome).getOutcome().getDecision())
          .isEqualTo(Outcome.Decision.NOT_DELIVERED);
      // At once, not at the window's end.
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
          .isLessThan(LONG_WINDOW_MS / 2);
    }
  }

  @Test
  void aPlainProbeIsRefusedAndNeverReachesTheTarget() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob)) {
      ping(b, 1);
      a.send(
          ClientFrame.newBuilder()
              .setId(3)
              .setProbe(Probe.newBuilder().setTarget(token(bob)))
              .build());

      ServerFrame refused = a.reply(3);
      assertThat(refused.getReply().getStatus()).isEqualTo(400);
      assertThat(refused.getReply().getCode()).isEqualTo("sealed_required");
      assertThat(refused.getReply().getMessage()).contains("SealedProbe", "/v1/websocket/sealed");
      // The first ProbeRequest Bob gets is a sealed one sent after the refusal.
      try (TestSocket anonymous = TestSocket.openSealed(test)) {
        anonymous.send(sealedProbe(4, 77, bob));
        ServerFrame request = b.next(ServerFrame::hasProbeRequest);
        assertThat(request.getProbeRequest().getSealed()).isTrue();
        b.send(
            ClientFrame.newBuilder()
                .setProbeAnswer(
                    ProbeAnswer.newBuilder().setProbeId(request.getProbeRequest().getProbeId()))
                .build());
        ServerFrame result = anonymous.next(ServerFrame::hasProbeResult);
        assertThat(result.getProbeResult().getReachable()).isTrue();
        assertThat(result.getProbeResult().getProbeNonce()).isEqualTo(77);
      }
      ping(a, 5);
      assertThat(a.frames).noneMatch(ServerFrame::hasProbeResult);
    }
  }

  @Test
  @WaitsForTheWindows
  void aSealedProbeOfATargetWithNoConnectedDeviceIsUnreachable() throws Exception {
    try (TestSocket anonymous = TestSocket.openSealed(test)) {
      anonymous.send(sealedProbe(6, 78, bob));
      ServerFrame result = anonymous.next(ServerFrame::hasProbeResult);
      assertThat(result.getProbeResult().getReachable()).isFalse();
      assertThat(result.getProbeResult().getProbeNonce()).isEqualTo(78);
    }
  }

  /** A stranger's sealed probe (no delivery token); its payload is opaque to the server. */
  private static ClientFrame sealedProbe(long id, long nonce, TestServer.Device target) {
    return ClientFrame.newBuilder()
        .setId(id)
        .setSealedProbe(
            SealedProbe.newBuilder()
                .setProbeNonce(nonce)
                .setTarget(token(target))
                .setPayload(ByteString.copyFromUtf8("sealed probe content")))
        .build();
  }

  @Test
  void malformedUnknownAndOversizedFramesGetErrorsAndTheConnectionLives() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice)) {
      a.sendRaw(new byte[] {(byte) 0xff, 0x13, 0x37});
      assertThat(a.reply(0).getReply().getCode()).isEqualTo("malformed_frame");

      a.send(ClientFrame.newBuilder().setId(9).build());
      assertThat(a.reply(9).getReply().getCode()).isEqualTo("unknown_frame");

      ClientFrame big =
          ClientFrame.newBuilder()
              .setId(11)
              .setSend(
                  Send.newBuilder()
                      .setMessageId(1)
                      .setRecipient(token(bob))
                      .setPayload(ByteString.copyFrom(new byte[WireLimits.MAX_PAYLOAD_BYTES + 10])))
              .build();
      a.send(big);
      ServerFrame tooBig = a.reply(11);
      assertThat(tooBig.getReply().getStatus()).isEqualTo(413);
      assertThat(tooBig.getReply().getMessage()).contains("65536");

      try (TestSocket anonymous = TestSocket.openSealed(test)) {
        anonymous.send(
            ClientFrame.newBuilder()
                .setId(12)
                .setSealedSend(
                    SealedSend.newBuilder()
                        .setMessageId(2)
                        .setRecipient(ByteString.copyFrom(new byte[32]))
                        .setPayload(ByteString.copyFromUtf8("x")))
                .build());
        ServerFrame unknown = anonymous.reply(12);
        assertThat(unknown.getReply().getStatus()).isEqualTo(404);
        assertThat(unknown.getReply().getCode()).isEqualTo("unknown_recipient");
      }

      ping(a, 13);
    }
  }

  @Test
  void aPlainSendIsRefusedSoTheServerNeverLearnsWhoWritesToWhom() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob)) {
      ping(b, 1);
      a.send(
          ClientFrame.newBuilder()
              .setId(10)
              .setSend(
                  Send.newBuilder()
                      .setMessageId(45)
                      .setRecipient(token(bob))
                      .setPayload(ByteString.copyFromUtf8("hello")))
              .build());

      ServerFrame refused = a.reply(10);
      assertThat(refused.getReply().getStatus()).isEqualTo(400);
      assertThat(refused.getReply().getCode()).isEqualTo("sealed_required");
      assertThat(refused.getReply().getMessage()).contains("/v1/websocket/sealed");
      // The first envelope Bob gets is a sealed one sent after the refusal: the plain one never
      // left the server.
      try (TestSocket anonymous = TestSocket.openSealed(test)) {
        anonymous.send(sealed(11, 46, bob));
        assertThat(b.next(ServerFrame::hasDeliver).getDeliver().getMessageId()).isEqualTo(46);
      }
      ping(a, 12);
      assertThat(a.frames).noneMatch(ServerFrame::hasOutcome);
    }
  }

  @Test
  void aFloodOfBadFramesClosesOnlyThatConnection() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob)) {
      for (int i = 0; i < 40 && !a.closed.isDone(); i++) {
        a.sendRaw(new byte[] {(byte) 0xff});
      }
      assertThat(a.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
      ping(b, 1);
    }
  }

  @Test
  void aTextFrameClosesTheConnection() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice)) {
      a.sendText("hello?");
      assertThat(a.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
    }
  }

  @Test
  void badCredentialsCannotOpenASocket() {
    String wrong =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (alice.deviceId() + ":nope").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", wrong)
                    .buildAsync(
                        URI.create("ws://127.0.0.1:" + test.server.port() + "/v1/websocket"),
                        new java.net.http.WebSocket.Listener() {})
                    .join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                    .isEqualTo(401));
  }

  @Test
  void turningMessagingOffClosesTheDevicesConnectionAtOnce() throws Exception {
    try (TestSocket b = TestSocket.open(test, bob)) {
      ping(b, 1);
      assertThat(
              test.call("DELETE", "/v1/messaging", "", "Authorization", bob.basic()).statusCode())
          .isEqualTo(204);
      assertThat(b.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
      assertThat(test.server.connectedDevices()).isZero();
    }
  }

  private static void ping(TestSocket socket, long id) throws InterruptedException {
    socket.send(ClientFrame.newBuilder().setId(id).setPing(Ping.getDefaultInstance()).build());
    assertThat(socket.reply(id).getReply().getCode()).isEqualTo("ok");
  }

  private static ClientFrame sealed(long id, long messageId, TestServer.Device to) {
    return ClientFrame.newBuilder()
        .setId(id)
        .setSealedSend(
            SealedSend.newBuilder()
                .setMessageId(messageId)
                .setRecipient(token(to))
                .setPayload(ByteString.copyFromUtf8("hello")))
        .build();
  }

  private static ByteString token(TestServer.Device device) {
    return ByteString.copyFrom(Base64.getUrlDecoder().decode(device.token()));
  }
}
