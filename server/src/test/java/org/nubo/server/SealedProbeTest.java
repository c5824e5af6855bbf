package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.Probe;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ProbeResult;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.SealedProbe;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Sealed probes on the real server over loopback: a consenting target answers at once; every other
 * case ends "unreachable" no earlier than the probe window, with the same bytes; bad frames get a
 * clear Reply; and nothing of a probe reaches the database or the log.
 */
class SealedProbeTest {
  /**
   * Long enough for a target's answer to come back in time on a slow machine, short enough that the
   * tests that wait for the window's end stay quick.
   */
  private static final long WINDOW_MS = 2_500;

  private static final int PER_IP = 20;

  @TempDir Path dir;
  private TestServer test;
  private TestServer.Device alice;
  private TestServer.Device bob;
  private TestServer.Device carol;
  private final byte[] bobsKey = new byte[16];

  @BeforeEach
  void start() throws Exception {
    test =
        new TestServer(
            dir,
            Map.of(
                "NUBO_PRESENCE_PROBE_WINDOW_MS", Long.toString(WINDOW_MS),
                "NUBO_LIMITS_SEALED_PROBES_PER_IP_CAPACITY", Integer.toString(PER_IP),
                "NUBO_LIMITS_SEALED_PROBES_PER_IP_REFILL_MS", "600000"));
    alice = test.register("+14155550111");
    bob = test.register("+14155550112");
    carol = test.register("+14155550113");
    bobsKey[0] = 17;
    test.registerDeliveryKey(bob, bobsKey);
  }

  @AfterEach
  void stop() {
    test.close();
  }

  private static ClientFrame sealedProbe(
      long frameId, long nonce, String target, byte[] token, String payload) {
    return sealedProbe(
        frameId,
        nonce,
        Base64.getUrlDecoder().decode(target),
        token,
        ByteString.copyFromUtf8(payload));
  }

  private static ClientFrame sealedProbe(
      long frameId, long nonce, byte[] target, byte[] token, ByteString payload) {
    return ClientFrame.newBuilder()
        .setId(frameId)
        .setSealedProbe(
            SealedProbe.newBuilder()
                .setProbeNonce(nonce)
                .setTarget(ByteString.copyFrom(target))
                .setDeliveryToken(ByteString.copyFrom(token))
                .setPayload(payload))
        .build();
  }

  private static ClientFrame answer(long probeId, String payload) {
    return ClientFrame.newBuilder()
        .setProbeAnswer(
            ProbeAnswer.newBuilder()
                .setProbeId(probeId)
                .setPayload(ByteString.copyFromUtf8(payload)))
        .build();
  }

  /** Waits until the server has registered the device's socket. */
  private static void ready(TestSocket socket) throws InterruptedException {
    socket.send(ClientFrame.newBuilder().setId(99).setPing(Ping.getDefaultInstance()).build());
    socket.reply(99);
  }

  @Test
  void aConsentingTargetAnswersAndTheAskerHearsReachableWithTheAnswer() throws Exception {
    String probeText = "sealed-probe-payload-91c2";
    String answerText = "sealed-answer-payload-4be7";
    try (TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      ready(b);
      anonymous.send(sealedProbe(3, 0xabcdefL, bob.token(), bobsKey, probeText));
      Reply reply = anonymous.reply(3).getReply();
      assertThat(reply.getStatus()).isEqualTo(200);

      ProbeRequest request = b.next(ServerFrame::hasProbeRequest).getProbeRequest();
      assertThat(request.getSealed()).isTrue();
      assertThat(request.getPayload().toStringUtf8()).isEqualTo(probeText);
      b.send(answer(request.getProbeId(), answerText));

      ServerFrame pushed = anonymous.next(ServerFrame::hasProbeResult);
      ProbeResult result = pushed.getProbeResult();
      assertThat(pushed.getId()).isZero();
      assertThat(result.getReachable()).isTrue();
      assertThat(result.getProbeNonce()).isEqualTo(0xabcdefL);
      assertThat(result.getTarget().isEmpty()).isTrue();
      assertThat(result.getPayload().toStringUtf8()).isEqualTo(answerText);
      // Decided once: no "unreachable" follows when the window closes.
      assertThat(anonymous.frames.poll(WINDOW_MS + 1_000, TimeUnit.MILLISECONDS)).isNull();
    }

    test.close();
    for (String secret : List.of(probeText, answerText)) {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      try (Stream<Path> files = Files.walk(dir.resolve("db"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(KeyRoutesTest.indexOf(Files.readAllBytes(file), bytes))
              .as(file.toString())
              .isNegative();
        }
      }
    }
    assertThat(Files.readString(Path.of("target/server-test.log")))
        .doesNotContain(probeText)
        .doesNotContain(answerText)
        .doesNotContain(bob.token());
  }

  @Test
  void everyUnansweredProbeEndsUnreachableAtTheWindowsEndAndLooksTheSame() throws Exception {
    byte[] unknown = new byte[32];
    unknown[5] = 99;
    List<ClientFrame> cases =
        List.of(
            sealedProbe(1, 7, bob.token(), bobsKey, "bob stays silent (refuses)"),
            sealedProbe(1, 7, carol.token(), new byte[0], "carol is offline"),
            sealedProbe(1, 7, unknown, new byte[0], ByteString.copyFromUtf8("not an account")),
            sealedProbe(1, 7, bob.token(), new byte[16], "a wrong delivery token"));
    try (TestSocket b = TestSocket.open(test, bob)) {
      ready(b);
      List<TestSocket> askers = new ArrayList<>();
      try {
        List<Long> sentAt = new ArrayList<>();
        for (ClientFrame probe : cases) {
          TestSocket asker = TestSocket.openSealed(test);
          askers.add(asker);
          sentAt.add(System.nanoTime());
          asker.send(probe);
        }
        List<ServerFrame> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
          TestSocket asker = askers.get(i);
          assertThat(asker.reply(1))
              .isEqualTo(
                  ServerFrame.newBuilder()
                      .setId(1)
                      .setReply(Reply.newBuilder().setStatus(200).setCode("ok"))
                      .build());
          ServerFrame result = asker.next(ServerFrame::hasProbeResult);
          long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt.get(i));
          // The server starts the window after the frame left here, so never sooner than it.
          assertThat(elapsedMs).as("case %d", i).isBetween(WINDOW_MS, WINDOW_MS + 5_000);
          results.add(result);
        }
        assertThat(results.get(0).getProbeResult().getReachable()).isFalse();
        assertThat(results).containsOnly(results.get(0));
        // Bob's phone was asked exactly once: the wrong-token probe never reached it.
        assertThat(b.frames.stream().filter(ServerFrame::hasProbeRequest)).hasSize(1);
      } finally {
        askers.forEach(TestSocket::close);
      }
    }
  }

  @Test
  void anAnswerFromADeviceThatIsNotTheTargetIsIgnored() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      ready(a);
      ready(b);
      long sentAt = System.nanoTime();
      anonymous.send(sealedProbe(1, 5, bob.token(), bobsKey, "are you there"));
      long probeId = b.next(ServerFrame::hasProbeRequest).getProbeRequest().getProbeId();
      a.send(answer(probeId, "alice pretends"));

      ProbeResult result = anonymous.next(ServerFrame::hasProbeResult).getProbeResult();
      assertThat(result.getReachable()).isFalse();
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt))
          .isGreaterThanOrEqualTo(WINDOW_MS);
      assertThat(a.frames).noneMatch(ServerFrame::hasProbeResult);
    }
  }

  @Test
  void badSealedProbesGetAClearReplyAndTheServerKeepsServing() throws Exception {
    byte[] target = Base64.getUrlDecoder().decode(bob.token());
    try (TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test);
        TestSocket other = TestSocket.openSealed(test)) {
      ready(b);
      anonymous.send(
          sealedProbe(
              1,
              1,
              target,
              bobsKey,
              ByteString.copyFrom(new byte[WireLimits.MAX_PROBE_PAYLOAD_BYTES + 1])));
      Reply tooLarge = anonymous.reply(1).getReply();
      assertThat(tooLarge.getStatus()).isEqualTo(413);
      assertThat(tooLarge.getCode()).isEqualTo("payload_too_large");
      assertThat(tooLarge.getMessage()).contains("probe payload");
      anonymous.send(sealedProbe(2, 2, new byte[31], bobsKey, ByteString.copyFromUtf8("x")));
      assertThat(anonymous.reply(2).getReply().getCode()).isEqualTo("bad_token");
      anonymous.send(sealedProbe(3, 3, target, new byte[3], ByteString.copyFromUtf8("x")));
      assertThat(anonymous.reply(3).getReply().getCode()).isEqualTo("bad_delivery_token");
      anonymous.send(sealedProbe(4, 4, target, bobsKey, ByteString.EMPTY));
      assertThat(anonymous.reply(4).getReply().getCode()).isEqualTo("empty_payload");
      b.send(
          answer(1, "x".repeat(WireLimits.MAX_PROBE_ANSWER_BYTES + 1)).toBuilder()
              .setId(8)
              .build());
      assertThat(b.reply(8).getReply().getCode()).isEqualTo("payload_too_large");

      // The same socket, and another one, still probe.
      anonymous.send(sealedProbe(5, 5, bob.token(), bobsKey, "still here"));
      other.send(sealedProbe(6, 6, bob.token(), bobsKey, "me too"));
      assertThat(anonymous.reply(5).getReply().getStatus()).isEqualTo(200);
      assertThat(other.reply(6).getReply().getStatus()).isEqualTo(200);
      for (int i = 0; i < 2; i++) {
        b.send(answer(b.next(ServerFrame::hasProbeRequest).getProbeRequest().getProbeId(), ""));
      }
      assertThat(anonymous.next(ServerFrame::hasProbeResult).getProbeResult().getProbeNonce())
          .isEqualTo(5);
      assertThat(other.next(ServerFrame::hasProbeResult).getProbeResult().getReachable()).isTrue();
      assertThat(anonymous.frames).noneMatch(ServerFrame::hasProbeResult);
    }
  }

  @Test
  void sealedProbesBelongOnTheSealedSocketAndThePlainProbeIsRefused() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      ready(b);
      a.send(sealedProbe(1, 1, bob.token(), bobsKey, "x"));
      assertThat(a.reply(1).getReply().getCode()).isEqualTo("sealed_socket_only");

      a.send(
          ClientFrame.newBuilder()
              .setId(2)
              .setProbe(
                  Probe.newBuilder()
                      .setTarget(ByteString.copyFrom(Base64.getUrlDecoder().decode(bob.token()))))
              .build());
      ServerFrame refused = a.reply(2);
      assertThat(refused.getReply().getStatus()).isEqualTo(400);
      assertThat(refused.getReply().getCode()).isEqualTo("sealed_required");

      // Bob's first ProbeRequest is the sealed one sent after the refusal: the plain one went
      // nowhere, and neither refused frame reached him.
      anonymous.send(sealedProbe(3, 9, bob.token(), bobsKey, "sealed"));
      ProbeRequest request = b.next(ServerFrame::hasProbeRequest).getProbeRequest();
      assertThat(request.getSealed()).isTrue();
      assertThat(request.getPayload().toStringUtf8()).isEqualTo("sealed");
      b.send(answer(request.getProbeId(), "x"));
      ProbeResult result = anonymous.next(ServerFrame::hasProbeResult).getProbeResult();
      assertThat(result.getReachable()).isTrue();
      assertThat(result.getProbeNonce()).isEqualTo(9);
      ready(a);
      assertThat(a.frames).noneMatch(ServerFrame::hasProbeResult);
    }
  }

  @Test
  void oneAddressProbingTooMuchIsTold429WithARetryTime() throws Exception {
    try (TestSocket anonymous = TestSocket.openSealed(test)) {
      for (int i = 1; i <= PER_IP; i++) {
        anonymous.send(sealedProbe(i, i, carol.token(), new byte[0], "probe"));
        assertThat(anonymous.reply(i).getReply().getStatus()).isEqualTo(200);
      }
      anonymous.send(sealedProbe(100, 100, carol.token(), new byte[0], "one too many"));
      Reply limited = anonymous.reply(100).getReply();
      assertThat(limited.getStatus()).isEqualTo(429);
      assertThat(limited.getCode()).isEqualTo("rate_limited");
      assertThat(limited.getRetryAfterSeconds()).isPositive();
    }
  }
}
