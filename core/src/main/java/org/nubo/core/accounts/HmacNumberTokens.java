package org.nubo.core.accounts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nubo.protocol.AccountToken;

/**
 * Account tokens as HMAC-SHA256 of the E.164 number under a 256-bit key that lives in its own file,
 * apart from the database: a stolen database dump alone names no one.
 */
public final class HmacNumberTokens implements NumberTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] DOMAIN = "nubo/number-token/v1\0".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;

  public HmacNumberTokens(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the number-token key is 32 bytes");
    }
    this.key = new SecretKeySpec(key.clone(), ALGORITHM);
  }

  @Override
  public AccountToken tokenOf(String e164) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(DOMAIN);
      return AccountToken.of(mac.doFinal(e164.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
