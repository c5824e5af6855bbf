package org.nubo.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void deviceSecretIs32BytesOfBase64UrlWithoutPadding() {
    String secret = Secrets.deviceSecret();

    assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
  }

  @Test
  void secretsDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      seen.add(Secrets.deviceSecret());
    }

    assertThat(seen).hasSize(1000);
  }

  @Property
  void secretEncodesExactlyTheRandomBytes(@ForAll long seed) {
    SecureRandom random = seeded(seed);
    byte[] expected = new byte[32];
    seeded(seed).nextBytes(expected);

    assertThat(Base64.getUrlDecoder().decode(Secrets.deviceSecret(random))).isEqualTo(expected);
  }

  /** A predictable "SecureRandom", so the test knows which bytes the secret must hold. */
  private static SecureRandom seeded(long seed) {
    java.util.Random source = new java.util.Random(seed);
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] bytes) {
        source.nextBytes(bytes);
      }
    };
  }
}
