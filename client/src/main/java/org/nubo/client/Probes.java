package org.nubo.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nubo.client.StoredState.Account;
import org.nubo.crypto.signal.SafetyNumberChangedException;
import org.nubo.crypto.signal.SignalSessionException;
import org.nubo.crypto.signal.Unsealed;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.ProbeContent;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.SealedProbe;

/**
 * Sealed, consent-based reachability probes, the SDK's half (decision 0006): the asking phone seals
 * a {@link ProbeContent} naming itself to the target with its sender certificate, and the target's
 * phone opens it and decides by its owner's {@link PresenceSharing}. Stateless; the {@link Engine}
 * keeps the waits, the cache and the sender check, and calls these under its lock.
 */
final class Probes {
  private Probes() {}

  /**
   * A {@code SealedProbe} to {@code token} naming {@code self}, with the target's delivery token
   * when known (otherwise it goes as a stranger's); null when it cannot be sealed now (no session,
   * no certificate, or a changed safety number the user has not accepted).
   */
  static ClientFrame.@Nullable Builder seal(
      E2e e2e, Account self, String token, long nonce, long nowMillis) {
    ProbeContent content =
        ProbeContent.newBuilder()
            .setSenderNumber(self.number())
            .setProfileKey(ByteString.copyFrom(e2e.profileKey()))
            .setSentAtMillis(nowMillis)
            .build();
    E2e.Envelope envelope;
    try {
      envelope = e2e.seal(token, content.toByteArray());
    } catch (SafetyNumberChangedException e) {
      return null;
    }
    if (envelope == null || envelope.payload().length > WireLimits.MAX_PROBE_PAYLOAD_BYTES) {
      return null;
    }
    SealedProbe.Builder probe =
        SealedProbe.newBuilder()
            .setProbeNonce(nonce)
            .setTarget(ByteString.copyFrom(AccountToken.parse(token).bytes()))
            .setPayload(ByteString.copyFrom(envelope.payload()));
    envelope.deliveryToken().ifPresent(t -> probe.setDeliveryToken(ByteString.copyFrom(t)));
    return ClientFrame.newBuilder().setSealedProbe(probe);
  }

  /**
   * Who asks, as an opened probe says: the sender its certificate names, the number it claims (not
   * yet checked against that sender) and its profile key.
   */
  @SuppressWarnings("ArrayRecordComponent") // used at once, never kept
  record Asker(String token, String number, byte[] profileKey) {}

  /**
   * Opens a sealed {@code ProbeRequest}; null for a plain one or one that cannot be read (a replay,
   * an expired certificate, no trust root yet), which are not answered.
   */
  static @Nullable Asker open(E2e e2e, Numbers numbers, ProbeRequest request) {
    if (!request.getSealed()) {
      return null;
    }
    try {
      Unsealed opened = e2e.open(request.getPayload().toByteArray());
      if (opened == null) {
        return null;
      }
      ProbeContent content = ProbeContent.parseFrom(opened.plaintext());
      return new Asker(
          opened.sender().text(),
          numbers.normaliseOrKeep(content.getSenderNumber()),
          content.getProfileKey().toByteArray());
    } catch (SignalSessionException | InvalidProtocolBufferException e) {
      return null;
    }
  }

  /** Whether the owner's setting lets {@code number} see this phone as reachable. */
  static boolean consents(PresenceSharing sharing, String number, Set<String> contacts) {
    return switch (sharing) {
      case EVERYONE -> true;
      case CONTACTS -> contacts.contains(number);
      case NOBODY -> false;
    };
  }

  /**
   * Consent: an answer with no payload. The asker learns "reachable" and nothing more; it already
   * sent its profile key, and this phone's own key travels with its next message.
   */
  static ClientFrame.Builder answer(long probeId) {
    return ClientFrame.newBuilder().setProbeAnswer(ProbeAnswer.newBuilder().setProbeId(probeId));
  }
}
