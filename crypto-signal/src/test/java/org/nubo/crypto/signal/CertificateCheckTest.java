package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The recipient's side of sender certificates: roots, expiry, and what a sender may be. */
class CertificateCheckTest {
  private final TestClock clock = new TestClock(1_800_000_000_000L);
  private final CertificateAuthority authority = CertificateAuthority.generate();
  private final TestPhone alice = new TestPhone(authority, clock);
  private final TestPhone bob = new TestPhone(authority, clock);

  @Test
  void aCertificatePastItsExpiryIsRefused() throws Exception {
    byte[] envelope = alice.send(bob, "late");

    clock.advance(TestPhone.DAY + 1);

    assertThatThrownBy(() -> bob.receive(envelope))
        .isInstanceOf(ExpiredCertificateException.class)
        .extracting(e -> ((SignalSessionException) e).code())
        .isEqualTo("expired_certificate");
  }

  @Test
  void aCertificateIsGoodUpToItsExpiryInclusive() throws Exception {
    byte[] envelope = alice.send(bob, "just in time");

    clock.advance(TestPhone.DAY);

    assertThat(bob.receive(envelope)).isEqualTo("just in time");
  }

  @Test
  void aCertificateExpiringFarInTheFutureIsAccepted() throws Exception {
    alice.certificate =
        authority.issue(alice.token.text(), 1, alice.device.identityKey(), Long.MAX_VALUE);

    assertThat(bob.receive(alice.send(bob, "long-lived"))).isEqualTo("long-lived");
  }

  @Test
  void aCertificateUnderAnotherRootIsRefusedEvenIfFresh() throws Exception {
    alice.certificate =
        CertificateAuthority.generate()
            .issue(alice.token.text(), 1, alice.device.identityKey(), clock.millis() + 1000);

    assertThatThrownBy(() -> bob.receive(alice.send(bob, "forged")))
        .isInstanceOf(InvalidEnvelopeException.class)
        .extracting(e -> ((SignalSessionException) e).code())
        .isEqualTo("untrusted_certificate");
  }

  @Test
  void anExpiredCertificateUnderAnotherRootIsUntrustedNotExpired() throws Exception {
    alice.certificate =
        CertificateAuthority.generate()
            .issue(alice.token.text(), 1, alice.device.identityKey(), clock.millis());
    byte[] envelope = alice.send(bob, "forged and old");
    clock.advance(1);

    assertThatThrownBy(() -> bob.receive(envelope))
        .isInstanceOf(InvalidEnvelopeException.class)
        .extracting(e -> ((SignalSessionException) e).code())
        .isEqualTo("untrusted_certificate");
  }

  @Test
  void duringARootRotationBothRootsAreAccepted() throws Exception {
    CertificateAuthority next = CertificateAuthority.generate();
    Sealer rotating =
        new Sealer(bob.device, List.of(authority.rootPublicKey(), next.rootPublicKey()));
    byte[] underOld = alice.send(bob, "old root");
    alice.certificate =
        next.issue(alice.token.text(), 1, alice.device.identityKey(), clock.millis() + 1000);
    byte[] underNext = alice.send(bob, "new root");

    assertThat(rotating.unseal(underOld).plaintext()).asString().isEqualTo("old root");
    assertThat(rotating.unseal(underNext).plaintext()).asString().isEqualTo("new root");
  }

  @Test
  void aSenderThatIsNotAnAccountTokenIsRefused() throws Exception {
    alice.certificate =
        authority.issue("not-a-token", 1, alice.device.identityKey(), clock.millis() + 1000);

    assertThatThrownBy(() -> bob.receive(alice.send(bob, "odd sender")))
        .isInstanceOf(InvalidEnvelopeException.class)
        .extracting(e -> ((SignalSessionException) e).code())
        .isEqualTo("bad_sender");
  }

  @Test
  void aMalformedTrustRootIsRefusedUpFront() {
    assertThatThrownBy(() -> new Sealer(bob.device, List.of(new byte[33])))
        .isInstanceOf(SignalKeyException.class);
    assertThatThrownBy(() -> new Sealer(bob.device, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
