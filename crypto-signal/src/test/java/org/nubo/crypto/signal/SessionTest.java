package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionTest {
  private final TestClock clock = new TestClock(1_800_000_000_000L);
  private final CertificateAuthority authority = CertificateAuthority.generate();
  private final TestPhone alice = new TestPhone(authority, clock);
  private final TestPhone bob = new TestPhone(authority, clock);

  @Test
  void aSealedMessageAndItsReplyOpenWithSenderAndPlaintext() throws Exception {
    byte[] envelope = alice.send(bob, "hello bob");

    Unsealed opened = bob.sealer.unseal(envelope);

    assertThat(opened.sender()).isEqualTo(alice.token);
    assertThat(opened.senderDeviceId()).isEqualTo(1);
    assertThat(new String(opened.plaintext(), StandardCharsets.UTF_8)).isEqualTo("hello bob");
    assertThat(opened.safetyNumberChanged()).isFalse();
    assertThat(bob.device.trust(alice.token)).contains(TrustState.TRUSTED);
    assertThat(bob.device.hasSession(alice.token)).isTrue();
    assertThat(bob.receive(alice.send(bob, "second"))).isEqualTo("second");
    assertThat(alice.receive(bob.send(alice, "hi alice"))).isEqualTo("hi alice");
  }

  @Test
  void theEnvelopeDoesNotCarryThePlaintextOrTheSenderTokenInClear() throws Exception {
    byte[] envelope = alice.send(bob, "a very recognisable plaintext");

    String asText = new String(envelope, StandardCharsets.ISO_8859_1);
    assertThat(asText).doesNotContain("recognisable").doesNotContain(alice.token.text());
  }

  @Test
  void sessionsContinueAfterBothAppsRestart() throws Exception {
    assertThat(bob.receive(alice.send(bob, "before"))).isEqualTo("before");
    assertThat(alice.receive(bob.send(alice, "reply"))).isEqualTo("reply");

    alice.restart();
    bob.restart();

    assertThat(bob.receive(alice.send(bob, "after restart"))).isEqualTo("after restart");
    assertThat(alice.receive(bob.send(alice, "me too"))).isEqualTo("me too");
  }

  @Test
  void aRecipientRestartingBetweenFetchAndMessageStillHasItsPreKeys() throws Exception {
    byte[] identityBefore = bob.device.identityKey();
    int registrationBefore = bob.device.registrationId();
    byte[] envelope = alice.send(bob, "first contact");

    bob.restart();

    assertThat(bob.receive(envelope)).isEqualTo("first contact");
    assertThat(bob.device.identityKey()).isEqualTo(identityBefore);
    assertThat(bob.device.registrationId()).isEqualTo(registrationBefore);
  }

  @Test
  void aOneTimePreKeyPairIsUsedUpByTheFirstMessage() throws Exception {
    PreKeyCounts before = bob.device.remainingPreKeys();
    alice.device.startSession(bob.token, bob.bundle(true));
    assertThat(bob.device.remainingPreKeys())
        .isEqualTo(new PreKeyCounts(before.oneTime() + 1, before.oneTimeKyber() + 1));

    bob.receive(alice.sealer.seal(bob.token, alice.certificate, new byte[] {1}));

    assertThat(bob.device.remainingPreKeys()).isEqualTo(before);
  }

  @Test
  void twoSendersMayShareTheLastResortKyberKey() throws Exception {
    TestPhone carol = new TestPhone(authority, clock);
    PeerBundle lastResort = bob.bundle(false);
    alice.device.startSession(bob.token, lastResort);
    carol.device.startSession(bob.token, lastResort);

    byte[] fromAlice = alice.sealer.seal(bob.token, alice.certificate, bytes("from alice"));
    byte[] fromCarol = carol.sealer.seal(bob.token, carol.certificate, bytes("from carol"));

    assertThat(bob.receive(fromAlice)).isEqualTo("from alice");
    assertThat(bob.receive(fromCarol)).isEqualTo("from carol");
    assertThatThrownBy(() -> bob.receive(fromAlice)).isInstanceOf(DuplicateMessageException.class);
  }

  @Test
  void aReplayedFirstMessageIsADuplicateEvenAfterARestart() throws Exception {
    byte[] first = alice.send(bob, "once");
    bob.receive(first);
    bob.restart();

    assertThatThrownBy(() -> bob.receive(first)).isInstanceOf(DuplicateMessageException.class);
  }

  @Test
  void aReplayedLaterMessageIsADuplicate() throws Exception {
    bob.receive(alice.send(bob, "first"));
    byte[] second = alice.send(bob, "second");
    bob.receive(second);

    assertThatThrownBy(() -> bob.receive(second))
        .isInstanceOf(DuplicateMessageException.class)
        .extracting(e -> ((SignalSessionException) e).code())
        .isEqualTo("duplicate");
  }

  @Test
  void sealingWithoutASessionAsksForABundle() {
    assertThatThrownBy(() -> alice.sealer.seal(bob.token, alice.certificate, bytes("x")))
        .isInstanceOf(SessionMissingException.class);
  }

  @Test
  void aBundleWithABadSignatureStartsNoSession() {
    PeerBundle good = bob.bundle(true);
    SignedPreKey forged =
        new SignedPreKey(
            good.signedPreKey().id(),
            good.signedPreKey().publicKey(),
            good.kyberPreKey().signature());
    PeerBundle bad =
        new PeerBundle(
            good.identityKey(),
            good.registrationId(),
            1,
            forged,
            good.kyberPreKey(),
            good.oneTimePreKey());

    assertThatThrownBy(() -> alice.device.startSession(bob.token, bad))
        .isInstanceOf(SignalKeyException.class)
        .extracting(e -> ((SignalKeyException) e).code())
        .isEqualTo("bad_signature");
    assertThat(alice.device.hasSession(bob.token)).isFalse();
  }

  @Test
  void theUploadBundlePassesTheServersChecks() throws Exception {
    UploadBundle upload = bob.device.generatePreKeys(3, 2);

    BundleVerifier.verifyIdentityKey(upload.identityKey());
    BundleVerifier.verifySignedPreKey(
        upload.identityKey(), upload.signedPreKey().publicKey(), upload.signedPreKey().signature());
    BundleVerifier.verifyKyberPreKey(
        upload.identityKey(),
        upload.lastResortKyberPreKey().publicKey(),
        upload.lastResortKyberPreKey().signature());
    for (SignedPreKey kyber : upload.oneTimeKyberPreKeys()) {
      BundleVerifier.verifyKyberPreKey(upload.identityKey(), kyber.publicKey(), kyber.signature());
    }
    for (OneTimePreKey ec : upload.oneTimePreKeys()) {
      BundleVerifier.verifyOneTimePreKey(ec.publicKey());
    }
    assertThat(upload.oneTimePreKeys()).hasSize(3);
    assertThat(upload.oneTimeKyberPreKeys()).hasSize(2);
    assertThat(upload.oneTimePreKeys()).extracting(OneTimePreKey::id).doesNotHaveDuplicates();
  }

  @Test
  void aRotatedSignedPreKeyKeepsThePreviousOneForMessagesOnTheirWay() throws Exception {
    PeerBundle old = bob.bundle(true);
    alice.device.startSession(bob.token, old);
    byte[] onItsWay = alice.sealer.seal(bob.token, alice.certificate, bytes("in flight"));

    SignedPreKey rotated = bob.device.rotateSignedPreKey();
    bob.device.rotateSignedPreKey();

    assertThat(rotated.id()).isNotEqualTo(old.signedPreKey().id());
    assertThat(bob.device.generatePreKeys(0, 0).signedPreKey().id()).isNotEqualTo(rotated.id());
    assertThatThrownBy(() -> bob.receive(onItsWay)).isInstanceOf(InvalidEnvelopeException.class);
  }

  @Test
  void theSignedPreKeyJustReplacedStillOpensAMessage() throws Exception {
    PeerBundle old = bob.bundle(true);
    alice.device.startSession(bob.token, old);
    byte[] onItsWay = alice.sealer.seal(bob.token, alice.certificate, bytes("in flight"));

    bob.device.rotateSignedPreKey();

    assertThat(bob.receive(onItsWay)).isEqualTo("in flight");
  }

  @Test
  void forgettingDeletesEveryDocument() throws Exception {
    bob.receive(alice.send(bob, "hello"));
    assertThat(bob.documents.read("signal-identity")).isPresent();
    String peerDocument = PeerState.documentName(alice.token);
    assertThat(bob.documents.read(peerDocument)).isPresent();

    SignalDevice.forget(bob.documents, clock);

    assertThat(bob.documents.read("signal-identity")).isEmpty();
    assertThat(bob.documents.read("signal-prekeys")).isEmpty();
    assertThat(bob.documents.read(peerDocument)).isEmpty();
    assertThat(SignalDevice.open(bob.documents, clock).identityKey())
        .isNotEqualTo(bob.device.identityKey());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
