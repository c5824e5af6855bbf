package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nubo.crypto.signal.Refusals.assertCode;

import org.junit.jupiter.api.Test;
import org.signal.libsignal.metadata.certificate.CertificateValidator;
import org.signal.libsignal.metadata.certificate.InvalidCertificateException;
import org.signal.libsignal.metadata.certificate.SenderCertificate;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

class CertificateAuthorityTest {
  private static final String TOKEN = "q0Vh3pZ2oB7cF1mN8sT4uW6xY9aD5eG2hJ3kL0pR_-A";
  private static final long NOW = 1_800_000_000_000L;
  private final byte[] identityKey = IdentityKeyPair.generate().getPublicKey().serialize();

  @Test
  void issuesACertificateTheRootValidatesForTheTokenAsString() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();

    SenderCertificate certificate =
        new SenderCertificate(authority.issue(TOKEN, 1, identityKey, NOW + 86_400_000L));

    new CertificateValidator(new ECPublicKey(authority.rootPublicKey())).validate(certificate, NOW);
    assertThat(certificate.getSender()).isEqualTo(TOKEN);
    assertThat(certificate.getSenderUuid()).isEqualTo(TOKEN);
    assertThat(certificate.getSenderE164()).isEmpty();
    assertThat(certificate.getSenderDeviceId()).isEqualTo(1);
    assertThat(certificate.getKey().serialize()).isEqualTo(identityKey);
    assertThat(certificate.getExpiration()).isEqualTo(NOW + 86_400_000L);
    assertThat(certificate.getSigner().getKeyId()).isEqualTo(1);
  }

  @Test
  void theRootValidatesNoCertificatePastItsExpiry() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();
    SenderCertificate certificate =
        new SenderCertificate(authority.issue(TOKEN, 1, identityKey, NOW));
    CertificateValidator validator =
        new CertificateValidator(new ECPublicKey(authority.rootPublicKey()));

    assertThatThrownBy(() -> validator.validate(certificate, NOW + 1))
        .isInstanceOf(InvalidCertificateException.class);
  }

  @Test
  void anotherRootValidatesNothing() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();
    SenderCertificate certificate =
        new SenderCertificate(authority.issue(TOKEN, 1, identityKey, NOW + 1000));
    CertificateValidator foreign =
        new CertificateValidator(new ECPublicKey(CertificateAuthority.generate().rootPublicKey()));

    assertThatThrownBy(() -> foreign.validate(certificate, NOW))
        .isInstanceOf(InvalidCertificateException.class);
  }

  @Test
  void survivesASaveAndLoad() throws Exception {
    CertificateAuthority original = CertificateAuthority.generate();

    CertificateAuthority loaded =
        CertificateAuthority.load(
            original.rootPrivateKey(), original.signerPrivateKey(), original.serverCertificate());

    assertThat(original.rootPrivateKey()).hasSize(32);
    assertThat(original.rootPublicKey()).hasSize(33);
    assertThat(loaded.rootPublicKey()).isEqualTo(original.rootPublicKey());
    assertThat(loaded.serverCertificate()).isEqualTo(original.serverCertificate());
    SenderCertificate certificate =
        new SenderCertificate(loaded.issue(TOKEN, 2, identityKey, NOW + 1000));
    new CertificateValidator(new ECPublicKey(original.rootPublicKey())).validate(certificate, NOW);
  }

  @Test
  void refusesKeyFilesThatDoNotBelongTogether() {
    CertificateAuthority a = CertificateAuthority.generate();
    CertificateAuthority b = CertificateAuthority.generate();

    assertCode(
        () ->
            CertificateAuthority.load(
                b.rootPrivateKey(), a.signerPrivateKey(), a.serverCertificate()),
        "bad_signature");
    assertCode(
        () ->
            CertificateAuthority.load(
                a.rootPrivateKey(), b.signerPrivateKey(), a.serverCertificate()),
        "bad_key");
  }

  @Test
  void refusesMalformedKeyFiles() {
    CertificateAuthority a = CertificateAuthority.generate();
    byte[] truncatedCertificate = java.util.Arrays.copyOf(a.serverCertificate(), 50);

    assertCode(
        () -> CertificateAuthority.load(new byte[31], a.signerPrivateKey(), a.serverCertificate()),
        "bad_key");
    assertCode(
        () -> CertificateAuthority.load(a.rootPrivateKey(), new byte[0], a.serverCertificate()),
        "bad_key");
    assertCode(
        () ->
            CertificateAuthority.load(
                a.rootPrivateKey(), a.signerPrivateKey(), truncatedCertificate),
        "bad_key");
  }

  @Test
  void refusesToCertifyAMalformedIdentityKey() {
    CertificateAuthority authority = CertificateAuthority.generate();

    assertCode(() -> authority.issue(TOKEN, 1, new byte[33], NOW), "bad_key");
    assertThatThrownBy(() -> authority.issue(TOKEN, 0, identityKey, NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authority.issue(TOKEN, 128, identityKey, NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> authority.issue("", 1, identityKey, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringNamesNoKey() {
    CertificateAuthority authority = CertificateAuthority.generate();

    assertThat(authority.toString()).isEqualTo("CertificateAuthority[keyId=1]");
  }

  @Test
  void aNextSignerTakesTheNextKeyIdAndCertificatesOfBothSignersStayValid() throws Exception {
    CertificateAuthority first = CertificateAuthority.generate();
    SenderCertificate before =
        new SenderCertificate(first.issue(TOKEN, 1, identityKey, NOW + 1000));

    CertificateAuthority second =
        CertificateAuthority.nextSigner(first.rootPrivateKey(), first.serverCertificate());
    SenderCertificate after =
        new SenderCertificate(second.issue(TOKEN, 1, identityKey, NOW + 1000));
    CertificateValidator validator =
        new CertificateValidator(new ECPublicKey(first.rootPublicKey()));

    assertThat(second.signerKeyId()).isEqualTo(2);
    assertThat(second.rootPublicKey()).isEqualTo(first.rootPublicKey());
    assertThat(second.signerPrivateKey()).isNotEqualTo(first.signerPrivateKey());
    validator.validate(before, NOW);
    validator.validate(after, NOW);
    assertThat(after.getSigner().getKeyId()).isEqualTo(2);
    CertificateAuthority reloaded =
        CertificateAuthority.load(
            second.rootPrivateKey(), second.signerPrivateKey(), second.serverCertificate());
    assertThat(reloaded.signerKeyId()).isEqualTo(2);
  }

  @Test
  void aNextSignerNeedsTheRootThatCertifiedTheCurrentOne() {
    CertificateAuthority ours = CertificateAuthority.generate();
    CertificateAuthority theirs = CertificateAuthority.generate();

    assertCode(
        () -> CertificateAuthority.nextSigner(theirs.rootPrivateKey(), ours.serverCertificate()),
        "bad_signature");
    assertCode(
        () -> CertificateAuthority.nextSigner(ours.rootPrivateKey(), new byte[] {1, 2, 3}),
        "bad_signature");
    assertCode(
        () -> CertificateAuthority.nextSigner(new byte[] {1, 2}, ours.serverCertificate()),
        "bad_key");
  }
}
