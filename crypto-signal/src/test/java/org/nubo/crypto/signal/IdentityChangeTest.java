package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdentityChangeTest {
  private final TestClock clock = new TestClock(1_800_000_000_000L);
  private final CertificateAuthority authority = CertificateAuthority.generate();
  private final TestPhone alice = new TestPhone(authority, clock);
  private TestPhone bob = new TestPhone(authority, clock);

  @Test
  void aMessageFromAReinstalledContactIsShownAndReportsTheChange() throws Exception {
    alice.receive(bob.send(alice, "before"));
    String numberBefore = alice.device.safetyNumber(alice.token, bob.token).orElseThrow();
    bob = bob.reinstall();

    Unsealed opened = alice.sealer.unseal(bob.send(alice, "after reinstall"));

    assertThat(opened.safetyNumberChanged()).isTrue();
    assertThat(opened.sender()).isEqualTo(bob.token);
    assertThat(alice.device.trust(bob.token)).contains(TrustState.CHANGED_UNACKNOWLEDGED);
    assertThat(alice.device.safetyNumber(alice.token, bob.token)).get().isNotEqualTo(numberBefore);
    assertThat(alice.sealer.unseal(bob.send(alice, "again")).safetyNumberChanged()).isFalse();
  }

  @Test
  void sendingToAChangedContactIsRefusedUntilAccepted() throws Exception {
    alice.receive(bob.send(alice, "before"));
    bob = bob.reinstall();
    alice.receive(bob.send(alice, "after reinstall"));

    assertThatThrownBy(() -> alice.send(bob, "refused"))
        .isInstanceOf(SafetyNumberChangedException.class)
        .satisfies(e -> assertThat(((SafetyNumberChangedException) e).peer()).isEqualTo(bob.token));

    alice.device.acceptSafetyNumber(bob.token);

    assertThat(alice.device.trust(bob.token)).contains(TrustState.TRUSTED);
    assertThat(bob.receive(alice.send(bob, "accepted"))).isEqualTo("accepted");
  }

  @Test
  void aFetchedBundleWithANewIdentityIsRefusedUntilAccepted() throws Exception {
    bob.receive(alice.send(bob, "before"));
    bob = bob.reinstall();
    PeerBundle fresh = bob.bundle(true);

    assertThatThrownBy(() -> alice.device.startSession(bob.token, fresh))
        .isInstanceOf(SafetyNumberChangedException.class);
    assertThat(alice.device.trust(bob.token)).contains(TrustState.CHANGED_UNACKNOWLEDGED);
    assertThatThrownBy(() -> alice.device.startSession(bob.token, fresh))
        .isInstanceOf(SafetyNumberChangedException.class);

    alice.device.acceptSafetyNumber(bob.token);
    alice.device.startSession(bob.token, fresh);

    byte[] envelope = alice.sealer.seal(bob.token, alice.certificate, new byte[] {42});
    assertThat(bob.sealer.unseal(envelope).plaintext()).containsExactly(42);
  }

  @Test
  void theChangedStateSurvivesARestart() throws Exception {
    alice.receive(bob.send(alice, "before"));
    bob = bob.reinstall();
    alice.receive(bob.send(alice, "after"));

    alice.restart();

    assertThat(alice.device.trust(bob.token)).contains(TrustState.CHANGED_UNACKNOWLEDGED);
    assertThatThrownBy(() -> alice.send(bob, "refused"))
        .isInstanceOf(SafetyNumberChangedException.class);
  }

  @Test
  void aVerifiedContactWhoseKeyChangesIsNoLongerVerified() throws Exception {
    alice.receive(bob.send(alice, "before"));
    alice.device.markVerified(bob.token);
    assertThat(alice.device.trust(bob.token)).contains(TrustState.VERIFIED);
    bob.receive(alice.send(bob, "to a verified contact"));
    bob = bob.reinstall();

    alice.receive(bob.send(alice, "after"));

    assertThat(alice.device.trust(bob.token)).contains(TrustState.CHANGED_UNACKNOWLEDGED);
  }

  @Test
  void bothSidesComputeTheSameSafetyNumber() throws Exception {
    bob.receive(alice.send(bob, "hello"));

    String atAlice = alice.device.safetyNumber(alice.token, bob.token).orElseThrow();
    String atBob = bob.device.safetyNumber(bob.token, alice.token).orElseThrow();

    assertThat(atAlice).hasSize(60).containsOnlyDigits().isEqualTo(atBob);
    assertThat(alice.device.safetyNumber(alice.token, TestPhone.randomToken())).isEmpty();
    assertThat(alice.device.trust(TestPhone.randomToken())).isEmpty();
  }
}
