package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Answering: a sealed probe is answered only if its claimed number is its sender's and the owner's
 * setting lets that number see this phone. A refusal sends nothing at all, so the asker learns it
 * only as the server's "unreachable" at the window's end, like an offline phone.
 */
class PresenceTest {
  private final Harness h = new Harness();

  PresenceTest() {
    h.register();
    h.connect();
  }

  /** What this phone sent after {@code probe} arrived. */
  private List<ClientFrame> answersTo(ServerFrame probe) {
    int before = h.frames.size();
    h.feed(probe);
    return List.copyOf(h.frames.subList(before, h.frames.size()));
  }

  private ServerFrame probeFrom(String number, long probeId) {
    return h.peer(number).probeRequest(Harness.ME, probeId, number);
  }

  @Test
  void theDefaultIsContacts() {
    assertThat(h.engine.settings().presence()).isEqualTo(PresenceSharing.CONTACTS);
  }

  @Test
  void aContactIsAnsweredUnderContacts() {
    h.engine.addContact("Alice", Harness.ALICE);

    List<ClientFrame> sent = answersTo(probeFrom(Harness.ALICE, 11));

    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getProbeAnswer().getProbeId()).isEqualTo(11);
    assertThat(sent.get(0).getProbeAnswer().getPayload().isEmpty()).isTrue();
  }

  @Test
  void aStrangerIsNotAnsweredUnderContacts() {
    int evaluatedBefore = h.control.evaluated;

    assertThat(answersTo(probeFrom(Harness.ALICE, 12))).isEmpty();
    h.scheduler.advance(java.time.Duration.ofSeconds(30));
    assertThat(h.framesOf(ClientFrame.BodyCase.PROBE_ANSWER)).isEmpty();
    assertThat(h.control.evaluated).isEqualTo(evaluatedBefore); // refused before any lookup
  }

  @Test
  void aStrangerIsAnsweredUnderEveryone() {
    h.engine.setPresenceSharing(PresenceSharing.EVERYONE);

    List<ClientFrame> sent = answersTo(probeFrom(Harness.ALICE, 13));

    assertThat(sent).extracting(f -> f.getProbeAnswer().getProbeId()).containsExactly(13L);
  }

  @Test
  void nobodyIsAnsweredUnderNobodyNotEvenAContact() {
    h.engine.addContact("Alice", Harness.ALICE);
    h.engine.setPresenceSharing(PresenceSharing.NOBODY);

    assertThat(answersTo(probeFrom(Harness.ALICE, 14))).isEmpty();
  }

  @Test
  void aProbeClaimingANumberThatIsNotItsSendersIsNotAnswered() {
    h.engine.addContact("Alice", Harness.ALICE);
    h.engine.setPresenceSharing(PresenceSharing.EVERYONE);
    h.peer(Harness.ALICE);

    // Bob's certificate, Alice's number: the contact check would pass, the sender check does not.
    assertThat(answersTo(h.peer(Harness.BOB).probeRequest(Harness.ME, 15, Harness.ALICE)))
        .isEmpty();
  }

  @Test
  void aReplayedProbeIsNotAnsweredTwice() {
    h.engine.addContact("Alice", Harness.ALICE);
    ServerFrame probe = probeFrom(Harness.ALICE, 16);
    assertThat(answersTo(probe)).hasSize(1);

    assertThat(answersTo(probe)).isEmpty();
  }

  @Test
  void theSettingIsPersisted() {
    h.engine.setPresenceSharing(PresenceSharing.NOBODY);

    h.restart();

    assertThat(h.engine.settings().presence()).isEqualTo(PresenceSharing.NOBODY);
  }
}
