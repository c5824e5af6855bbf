package org.nubo.crypto.signal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The delivery key a sender shows the server to prove it may write to a recipient without saying
 * who it is: the first 16 bytes of HMAC-SHA256(profile key, "nubo-delivery-key-v1"). The recipient
 * shares its profile key inside encrypted messages, so only its contacts can derive it.
 */
public final class DeliveryKeys {
  /** A profile key: 32 random bytes. */
  public static final int PROFILE_KEY_BYTES = 32;

  /** A delivery key. */
  public static final int DELIVERY_KEY_BYTES = 16;

  private static final byte[] LABEL = "nubo-delivery-key-v1".getBytes(StandardCharsets.US_ASCII);

  private DeliveryKeys() {}

  /** The delivery key of {@code profileKey} (32 bytes). */
  public static byte[] derive(byte[] profileKey) {
    if (profileKey.length != PROFILE_KEY_BYTES) {
      throw new IllegalArgumentException("a profile key is " + PROFILE_KEY_BYTES + " bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(profileKey, "HmacSHA256"));
      return Arrays.copyOf(mac.doFinal(LABEL), DELIVERY_KEY_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this platform", e);
    }
  }
}
