package org.nubo.core.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.DeliveryTokens;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.WireLimits;

/**
 * Per-account delivery keys: 16 bytes the account's owner derives from its profile key and shares,
 * inside end-to-end encrypted messages, with its contacts. Only SHA-256 of the key is stored, and a
 * presented token is compared with it in constant time, with a dummy comparison when the account
 * has no key, so timing does not tell which accounts registered one.
 */
public final class DeliveryKeys implements DeliveryTokens {
  private static final byte[] NO_KEY = new byte[32];

  private final KeyStore store;

  public DeliveryKeys(KeyStore store) {
    this.store = store;
  }

  /**
   * Registers (or replaces) the caller's account's delivery key.
   *
   * @throws InvalidRequest ({@code bad_delivery_key}) unless it is 16 bytes
   */
  public void register(DevicePrincipal caller, byte[] key) {
    if (key.length != WireLimits.DELIVERY_TOKEN_BYTES) {
      throw new InvalidRequest(
          "bad_delivery_key",
          "a delivery key is " + WireLimits.DELIVERY_TOKEN_BYTES + " bytes, base64url");
    }
    store.putDeliveryKeyHash(caller.account(), sha256(key));
  }

  @Override
  public boolean matches(AccountToken recipient, byte[] token) {
    byte[] presented = sha256(token);
    byte[] expected = store.deliveryKeyHash(recipient).orElse(NO_KEY);
    boolean equal = MessageDigest.isEqual(expected, presented);
    return equal && expected != NO_KEY && token.length == WireLimits.DELIVERY_TOKEN_BYTES;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
