package org.nubo.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPinTest {
  @Test
  void pinOfTheCertificatesKeyMatchesTheCertificate(@TempDir Path dir) throws Exception {
    X509Certificate cert = TestCertificates.selfSigned(dir, "server");

    KeyPin pin = KeyPin.of(cert.getPublicKey());

    assertThat(pin.matches(cert)).isTrue();
    assertThat(KeyPin.parse(pin.text())).isEqualTo(pin);
  }

  @Test
  void pinOfAnotherKeyDoesNotMatch(@TempDir Path dir) throws Exception {
    X509Certificate cert = TestCertificates.selfSigned(dir, "server");
    X509Certificate other = TestCertificates.selfSigned(dir, "impostor");

    assertThat(KeyPin.of(other.getPublicKey()).matches(cert)).isFalse();
  }

  @Test
  void textIsSha256OfTheSubjectPublicKeyInfoInStandardBase64() throws Exception {
    PublicKey key = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());

    assertThat(KeyPin.of(key).text())
        .isEqualTo("sha256/" + Base64.getEncoder().encodeToString(digest))
        .hasSize("sha256/".length() + 44);
  }

  @Test
  void parseRefusesWhatIsNotAPin() {
    assertThatThrownBy(() -> KeyPin.parse("sha1/AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPin.parse("sha256/!!!"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyPin.parse("sha256/AAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32-byte");
  }

  @Property
  void anyDigestSurvivesTextRoundTrip(@ForAll @Size(32) byte[] digest) {
    String text = "sha256/" + Base64.getEncoder().encodeToString(digest);

    assertThat(KeyPin.parse(text).text()).isEqualTo(text);
  }

  @Property
  void digestsOfOtherLengthsAreRefused(@ForAll @Size(max = 64) byte[] digest) {
    if (digest.length == 32) {
      return;
    }
    String text = "sha256/" + Base64.getEncoder().encodeToString(digest);

    assertThatThrownBy(() -> KeyPin.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
