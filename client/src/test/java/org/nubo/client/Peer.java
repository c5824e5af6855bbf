package org.nubo.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Clock;
import java.util.Optional;
import org.nubo.crypto.signal.SafetyNumberChangedException;
import org.nubo.crypto.signal.SignalSessionException;
import org.nubo.crypto.signal.Unsealed;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Content;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.ProbeContent;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.ServerFrame;

/**
 * A contact's phone in a unit test: no engine, but a real Signal identity ({@link E2e} over an
 * in-memory store) with keys in the shared {@link FakeKeys}, so it seals what the engine under test
 * receives and opens what it sends.
 */
final class Peer {
  final String number;
  final StoredState.Account account;
  private final E2e e2e;

  Peer(String number, FakeKeys keys, Clock clock) {
    this.number = number;
    this.account =
        new StoredState.Account(number, "peer-" + number, "secret", Harness.tokenOf(number));
    this.e2e =
        new E2e(
            ClientStore.inMemory(),
            keys,
            clock,
            Optional.of(keys.authority.rootPublicKey()),
            () -> {});
    e2e.setUp(account);
  }

  String token() {
    return account.accountToken();
  }

  /** A sealed Deliver of {@code text} from this peer to {@code recipient}'s number. */
  ServerFrame deliver(String recipient, long deliveryId, long messageId, String text) {
    return deliver(recipient, deliveryId, messageId, content(text, number));
  }

  /** A sealed Deliver of {@code content}, whatever number it claims. */
  ServerFrame deliver(String recipient, long deliveryId, long messageId, Content content) {
    return ServerFrame.newBuilder()
        .setDeliver(
            Deliver.newBuilder()
                .setDeliveryId(deliveryId)
                .setMessageId(messageId)
                .setSealed(true)
                .setPayload(ByteString.copyFrom(seal(recipient, content))))
        .build();
  }

  Content content(String text, String claimedNumber) {
    return Content.newBuilder()
        .setText(text)
        .setSenderNumber(claimedNumber)
        .setSentAtMillis(1_000)
        .setProfileKey(ByteString.copyFrom(e2e.profileKey()))
        .build();
  }

  byte[] seal(String recipient, Content content) {
    return seal(recipient, content.toByteArray());
  }

  /** A sealed ProbeRequest from this peer to {@code target}'s phone, claiming {@code claimed}. */
  ServerFrame probeRequest(String target, long probeId, String claimed) {
    ProbeContent content =
        ProbeContent.newBuilder()
            .setSenderNumber(claimed)
            .setProfileKey(ByteString.copyFrom(e2e.profileKey()))
            .setSentAtMillis(1_000)
            .build();
    return ServerFrame.newBuilder()
        .setProbeRequest(
            ProbeRequest.newBuilder()
                .setProbeId(probeId)
                .setSealed(true)
                .setPayload(ByteString.copyFrom(seal(target, content.toByteArray()))))
        .build();
  }

  /** Opens a SealedProbe the engine sent to this peer, remembering the asker's profile key. */
  ProbeContent openProbe(ClientFrame sealedProbe) {
    try {
      Unsealed opened =
          unseal(
              sealedProbe.getSealedProbe().getTarget(), sealedProbe.getSealedProbe().getPayload());
      ProbeContent content = ProbeContent.parseFrom(opened.plaintext());
      e2e.remember(opened.sender().text(), content.getProfileKey().toByteArray());
      return content;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private Unsealed unseal(ByteString addressee, ByteString payload) {
    if (!AccountToken.of(addressee.toByteArray()).text().equals(token())) {
      throw new AssertionError("not addressed to " + number);
    }
    try {
      Unsealed opened = e2e.open(payload.toByteArray());
      if (opened == null) {
        throw new AssertionError("no trust root");
      }
      return opened;
    } catch (SignalSessionException e) {
      throw new AssertionError(e);
    }
  }

  private byte[] seal(String recipient, byte[] plaintext) {
    String to = Harness.tokenOf(recipient);
    if (e2e.prepare(account, to) != E2e.Readiness.READY) {
      throw new AssertionError("the peer cannot write to " + recipient);
    }
    try {
      E2e.Envelope envelope = e2e.seal(to, plaintext);
      if (envelope == null) {
        throw new AssertionError("the peer could not seal");
      }
      return envelope.payload();
    } catch (SafetyNumberChangedException e) {
      throw new AssertionError(e);
    }
  }

  /** Opens a SealedSend the engine sent to this peer. */
  Content open(ClientFrame sealedSend) {
    try {
      Unsealed opened =
          unseal(
              sealedSend.getSealedSend().getRecipient(), sealedSend.getSealedSend().getPayload());
      Content content = Content.parseFrom(opened.plaintext());
      e2e.remember(opened.sender().text(), content.getProfileKey().toByteArray());
      return content;
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  Optional<String> safetyNumber(String otherToken) {
    return e2e.safetyNumber(token(), otherToken);
  }
}
