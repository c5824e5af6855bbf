package org.nubo.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nubo.core.Fakes.device;
import static org.nubo.core.Fakes.limiter;
import static org.nubo.core.Fakes.token;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.Conflict;
import org.nubo.core.NotFound;
import org.nubo.core.RateLimited;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.ServerFrame;

class SealedRelayTest {
  private static final byte[] BOBS_KEY = new byte[16];
  private static final int BOBS_REGISTRATION = 4242;

  static {
    Arrays.fill(BOBS_KEY, (byte) 7);
  }

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Connections connections = new Connections(RelayMetrics.NONE);
  private final AccountToken bob = token(2);
  private final Relay relay =
      new Relay(
          connections,
          bob::equals,
          timer,
          // The clock stands still: nothing here depends on a window ending, and on a slow machine
          // a real 300 ms window could end between a send and its ack or replay.
          () -> 0L,
          Duration.ofMillis(300),
          limiter("messages_per_device", 100),
          RelayMetrics.NONE,
          1);
  private final List<ServerFrame> toBob = new CopyOnWriteArrayList<>();
  private final List<ServerFrame> toSender = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  private SealedRelay sealed(int strangers, int perIp) {
    DeliveryTokens tokens =
        (recipient, token) -> recipient.equals(bob) && Arrays.equals(token, BOBS_KEY);
    return new SealedRelay(
        relay,
        tokens,
        limiter("sealed_messages_per_ip", perIp),
        limiter("sealed_strangers_per_recipient", strangers),
        (account, registrationId) -> account.equals(bob) && registrationId == BOBS_REGISTRATION);
  }

  @Test
  void aSealedEnvelopeReachesTheRecipientWithoutASenderAndTheOutcomeComesBack() throws Exception {
    connections.add(device(bob, toBob));

    sealed(10, 10).send(toSender::add, "ip", envelope(42, BOBS_KEY));

    Deliver deliver = toBob.get(0).getDeliver();
    assertThat(deliver.getSealed()).isTrue();
    assertThat(deliver.getSender().isEmpty()).isTrue();
    assertThat(deliver.getPayload().toStringUtf8()).isEqualTo("sealed");
    relay.ack(device(bob, toBob), deliver.getDeliveryId());
    assertThat(toSender).hasSize(1);
    assertThat(toSender.get(0).getOutcome().getDecision()).isEqualTo(Outcome.Decision.DELIVERED);
  }

  @Test
  void aReplayWithinTheWindowIsRefused() {
    connections.add(device(bob, toBob));
    SealedRelay relayed = sealed(10, 10);
    relayed.send(toSender::add, "ip", envelope(42, BOBS_KEY));

    assertThatThrownBy(() -> relayed.send(toSender::add, "ip2", envelope(42, BOBS_KEY)))
        .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("replayed"));
    assertThat(toBob).hasSize(1);
  }

  @Test
  void anEnvelopeForAReplacedDeviceIsRefusedAsStaleAndNotOffered() {
    connections.add(device(bob, toBob));
    SealedRelay relayed = sealed(10, 10);

    assertThatThrownBy(
            () ->
                relayed.send(
                    toSender::add,
                    "ip",
                    envelope(7, BOBS_KEY).toBuilder().setRecipientRegistrationId(99).build()))
        .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.code()).isEqualTo("stale_keys"));
    assertThat(toBob).isEmpty();

    // Not a replay: the same message id, sealed again for the new install, goes through.
    relayed.send(
        toSender::add,
        "ip",
        envelope(7, BOBS_KEY).toBuilder().setRecipientRegistrationId(BOBS_REGISTRATION).build());
    relayed.send(toSender::add, "ip", envelope(8, BOBS_KEY)); // 0: not checked
    assertThat(toBob).hasSize(2);
  }

  @Test
  void aWrongTokenFailsExactlyLikeAnUnknownRecipient() {
    NotFound unknown =
        catchNotFound(() -> sealed(10, 10).send(toSender::add, "ip", to(token(9), 1, BOBS_KEY)));
    NotFound wrongToken =
        catchNotFound(() -> sealed(10, 10).send(toSender::add, "ip", envelope(1, new byte[16])));

    assertThat(wrongToken.code()).isEqualTo(unknown.code()).isEqualTo("unknown_recipient");
    assertThat(wrongToken.getMessage()).isEqualTo(unknown.getMessage());
  }

  @Test
  void strangersWithoutATokenGetOnlyTheRecipientsSmallBucket() {
    connections.add(device(bob, toBob));
    SealedRelay relayed = sealed(2, 100);
    relayed.send(toSender::add, "ip1", envelope(1, new byte[0]));
    relayed.send(toSender::add, "ip2", envelope(2, new byte[0]));

    NotFound third =
        catchNotFound(() -> relayed.send(toSender::add, "ip3", envelope(3, new byte[0])));

    assertThat(third.code()).isEqualTo("unknown_recipient");
    relayed.send(toSender::add, "ip3", envelope(4, BOBS_KEY));
    assertThat(toBob).hasSize(3);
  }

  @Test
  void oneAddressCannotFloodTheSealedPath() {
    SealedRelay relayed = sealed(100, 2);
    relayed.send(toSender::add, "ip", envelope(1, BOBS_KEY));
    relayed.send(toSender::add, "ip", envelope(2, BOBS_KEY));

    assertThatThrownBy(() -> relayed.send(toSender::add, "ip", envelope(3, BOBS_KEY)))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("sealed_messages_per_ip");
  }

  private static NotFound catchNotFound(Runnable call) {
    try {
      call.run();
    } catch (NotFound e) {
      return e;
    }
    throw new AssertionError("expected unknown_recipient");
  }

  private SealedSend envelope(long messageId, byte[] token) {
    return to(bob, messageId, token);
  }

  private static SealedSend to(AccountToken recipient, long messageId, byte[] token) {
    return SealedSend.newBuilder()
        .setMessageId(messageId)
        .setRecipient(ByteString.copyFrom(recipient.bytes()))
        .setDeliveryToken(ByteString.copyFrom(token))
        .setPayload(ByteString.copyFromUtf8("sealed"))
        .build();
  }
}
