package org.nubo.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets a device chooses for itself. */
public final class Secrets {
  /** A device secret is 32 random bytes. */
  public static final int DEVICE_SECRET_BYTES = 32;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {}

  /** A fresh device secret from {@code random}: 32 bytes, base64url without padding (43 chars). */
  public static String deviceSecret(SecureRandom random) {
    byte[] bytes = new byte[DEVICE_SECRET_BYTES];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /** A fresh device secret from a new {@link SecureRandom}. */
  public static String deviceSecret() {
    return deviceSecret(new SecureRandom());
  }
}
