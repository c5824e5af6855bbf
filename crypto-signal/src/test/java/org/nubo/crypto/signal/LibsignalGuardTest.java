package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.metadata.certificate.SenderCertificate;
import org.signal.libsignal.metadata.certificate.ServerCertificate;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ServiceId;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.state.PreKeyBundle;

/**
 * Pins the libsignal 0.86.5 behaviour decision 0004 builds on, so an upgrade that changes it fails
 * here and not in production.
 */
class LibsignalGuardTest {
  private final TestClock clock = new TestClock(1_800_000_000_000L);

  @Test
  void theServiceIdOverloadWritesASenderNoSessionIsNamedAfter() throws Exception {
    ECKeyPair root = ECKeyPair.generate();
    ECKeyPair signer = ECKeyPair.generate();
    ServerCertificate server =
        new ServerCertificate(root.getPrivateKey(), 1, signer.getPublicKey());
    UUID uuid = UUID.randomUUID();
    ECPublicKey identity = IdentityKeyPair.generate().getPublicKey().getPublicKey();

    SenderCertificate viaServiceId =
        server.issue(
            signer.getPrivateKey(),
            new ServiceId.Aci(uuid),
            Optional.empty(),
            1,
            identity,
            clock.millis() + 1000);
    SenderCertificate viaString =
        server.issue(
            signer.getPrivateKey(), uuid.toString(), Optional.empty(), 1, identity, clock.millis());

    assertThat(viaServiceId.getSender()).isNotEqualTo(uuid.toString()).contains(uuid.toString());
    assertThat(viaString.getSender()).isEqualTo(uuid.toString());
  }

  @Test
  void aServiceIdCertificateMakesTheRecipientFailToDecrypt() throws Exception {
    ECKeyPair root = ECKeyPair.generate();
    ECKeyPair signer = ECKeyPair.generate();
    ServerCertificate server =
        new ServerCertificate(root.getPrivateKey(), 1, signer.getPublicKey());
    CertificateAuthority authority =
        CertificateAuthority.load(
            root.getPrivateKey().serialize(),
            signer.getPrivateKey().serialize(),
            server.getSerialized());
    TestPhone alice = new TestPhone(authority, clock);
    TestPhone bob = new TestPhone(authority, clock);
    alice.certificate =
        server
            .issue(
                signer.getPrivateKey(),
                new ServiceId.Aci(UUID.randomUUID()),
                Optional.empty(),
                1,
                new ECPublicKey(alice.device.identityKey()),
                clock.millis() + 1000)
            .getSerialized();

    assertThatThrownBy(() -> bob.receive(alice.send(bob, "lost")))
        .isInstanceOf(InvalidEnvelopeException.class);
  }

  @Test
  void aTokenSenderThroughTheStringOverloadRoundTripsUnchanged() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();
    TestPhone alice = new TestPhone(authority, clock);
    TestPhone bob = new TestPhone(authority, clock);

    assertThat(new SenderCertificate(alice.certificate).getSenderUuid())
        .isEqualTo(alice.token.text())
        .hasSize(43);
    assertThat(bob.sealer.unseal(alice.send(bob, "hi")).sender()).isEqualTo(alice.token);
  }

  @Test
  void aBundleWithoutAKyberPreKeyCannotBeBuilt() {
    IdentityKeyPair identity = IdentityKeyPair.generate();
    ECKeyPair signed = ECKeyPair.generate();
    byte[] signature =
        identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());

    assertThatThrownBy(
            () ->
                new PreKeyBundle(
                    1,
                    1,
                    PreKeyBundle.NULL_PRE_KEY_ID,
                    null,
                    1,
                    signed.getPublicKey(),
                    signature,
                    identity.getPublicKey(),
                    1,
                    null,
                    new byte[64]))
        .isInstanceOf(NullPointerException.class);
  }
}
