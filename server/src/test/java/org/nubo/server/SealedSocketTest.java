package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.wire.Ack;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.Send;
import org.nubo.protocol.wire.ServerFrame;

/** The sealed-sender socket on the real server: delivery, refusals, and what the server keeps. */
class SealedSocketTest {
  @TempDir Path dir;
  private TestServer test;
  private TestServer.Device alice;
  private TestServer.Device bob;
  private final byte[] bobsKey = new byte[16];

  @BeforeEach
  void start() throws Exception {
    test =
        new TestServer(
            dir,
            Map.of(
                "NUBO_LIMITS_SEALED_STRANGERS_PER_RECIPIENT_CAPACITY", "2",
                // Long enough that the Ack and the replay below come in time on a slow machine.
                "NUBO_RELAY_DELIVERY_WINDOW_MS", "5000"));
    alice = test.register("+14155550101");
    bob = test.register("+14155550102");
    bobsKey[0] = 42;
    test.registerDeliveryKey(bob, bobsKey);
  }

  @AfterEach
  void stop() {
    test.close();
  }

  private ClientFrame sealed(long frameId, long messageId, String to, byte[] token, String text) {
    return ClientFrame.newBuilder()
        .setId(frameId)
        .setSealedSend(
            SealedSend.newBuilder()
                .setMessageId(messageId)
                .setRecipient(ByteString.copyFrom(Base64.getUrlDecoder().decode(to)))
                .setDeliveryToken(ByteString.copyFrom(token))
                .setPayload(ByteString.copyFromUtf8(text)))
        .build();
  }

  private static Reply reply(TestSocket socket, long id) throws InterruptedException {
    return socket.reply(id).getReply();
  }

  @Test
  void aSealedEnvelopeIsDeliveredWithoutASenderAndNothingNamesTheSender() throws Exception {
    String secretText = "sealed-payload-7f3a";
    long messageId = 0x5eed_1234_5678L;
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      b.send(ClientFrame.newBuilder().setId(1).setPing(Ping.getDefaultInstance()).build());
      b.reply(1);
      anonymous.send(sealed(5, messageId, bob.token(), bobsKey, secretText));
      assertThat(reply(anonymous, 5).getStatus()).isEqualTo(200);

      Deliver deliver = b.next(ServerFrame::hasDeliver).getDeliver();
      assertThat(deliver.getSealed()).isTrue();
      assertThat(deliver.getSender().isEmpty()).isTrue();
      assertThat(deliver.getPayload().toStringUtf8()).isEqualTo(secretText);
      b.send(
          ClientFrame.newBuilder()
              .setAck(Ack.newBuilder().setDeliveryId(deliver.getDeliveryId()))
              .build());
      Outcome outcome = anonymous.next(ServerFrame::hasOutcome).getOutcome();
      assertThat(outcome.getDecision()).isEqualTo(Outcome.Decision.DELIVERED);
      assertThat(outcome.getMessageId()).isEqualTo(messageId);

      // The same envelope again, even from another socket, is a replay.
      try (TestSocket replayer = TestSocket.openSealed(test)) {
        replayer.send(sealed(6, messageId, bob.token(), bobsKey, secretText));
        Reply replayed = reply(replayer, 6);
        assertThat(replayed.getStatus()).isEqualTo(409);
        assertThat(replayed.getCode()).isEqualTo("replayed");
      }
      assertThat(a.frames).noneMatch(ServerFrame::hasDeliver);
    }

    test.close();
    byte[] aliceToken = Base64.getUrlDecoder().decode(alice.token());
    byte[] payload = secretText.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir.resolve("db"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(file);
        assertThat(KeyRoutesTest.indexOf(content, payload)).as(file.toString()).isNegative();
      }
    }
    String log = Files.readString(Path.of("target/server-test.log"));
    assertThat(log)
        .doesNotContain(alice.token())
        .doesNotContain(bob.token())
        .doesNotContain(Base64.getEncoder().encodeToString(aliceToken))
        .doesNotContain(secretText);
  }

  @Test
  void aWrongTokenAndTooManyStrangersFailLikeAnUnknownRecipient() throws Exception {
    try (TestSocket b = TestSocket.open(test, bob);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      b.send(ClientFrame.newBuilder().setId(1).setPing(Ping.getDefaultInstance()).build());
      b.reply(1);
      anonymous.send(sealed(1, 1, "A".repeat(43), bobsKey, "x"));
      Reply unknown = reply(anonymous, 1);
      anonymous.send(sealed(2, 2, bob.token(), new byte[16], "x"));
      Reply wrongToken = reply(anonymous, 2);
      assertThat(unknown.getStatus()).isEqualTo(404);
      assertThat(wrongToken.getCode()).isEqualTo(unknown.getCode()).isEqualTo("unknown_recipient");
      assertThat(wrongToken.getMessage()).isEqualTo(unknown.getMessage());

      anonymous.send(sealed(3, 3, bob.token(), new byte[0], "first contact"));
      anonymous.send(sealed(4, 4, bob.token(), new byte[0], "first contact"));
      anonymous.send(sealed(5, 5, bob.token(), new byte[0], "first contact"));
      assertThat(reply(anonymous, 3).getStatus()).isEqualTo(200);
      assertThat(reply(anonymous, 4).getStatus()).isEqualTo(200);
      assertThat(reply(anonymous, 5).getCode()).isEqualTo("unknown_recipient");
      anonymous.send(sealed(6, 6, bob.token(), bobsKey, "a contact"));
      assertThat(reply(anonymous, 6).getStatus()).isEqualTo(200);
    }
  }

  @Test
  void eachSocketCarriesOnlyItsOwnKindOfSend() throws Exception {
    try (TestSocket a = TestSocket.open(test, alice);
        TestSocket anonymous = TestSocket.openSealed(test)) {
      a.send(sealed(1, 1, bob.token(), bobsKey, "x"));
      assertThat(reply(a, 1).getCode()).isEqualTo("sealed_socket_only");
      anonymous.send(
          ClientFrame.newBuilder()
              .setId(2)
              .setSend(
                  Send.newBuilder()
                      .setMessageId(2)
                      .setRecipient(ByteString.copyFrom(Base64.getUrlDecoder().decode(bob.token())))
                      .setPayload(ByteString.copyFromUtf8("x")))
              .build());
      assertThat(reply(anonymous, 2).getCode()).isEqualTo("not_on_sealed_socket");
      anonymous.sendRaw(new byte[] {(byte) 0xff, 1});
      assertThat(reply(anonymous, 0).getCode()).isEqualTo("malformed_frame");
      anonymous.send(ClientFrame.newBuilder().setId(3).setPing(Ping.getDefaultInstance()).build());
      assertThat(reply(anonymous, 3).getStatus()).isEqualTo(200);
    }
    assertThat(test.call("GET", "/v1/websocket/sealed", "").statusCode()).isEqualTo(426);
  }
}
