package org.nubo.core.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Every sealed envelope with a token is checked here, on the server's event loop, so the hashes
 * read recently are remembered for {@link #CACHE_TTL}: a token that matches a remembered hash costs
 * no database read. A token that does not match is checked against the store again, so a new key
 * works at once; a replaced key is forgotten at once on the node that stored its successor, and
 * within {@link #CACHE_TTL} everywhere else.
 */
public final class DeliveryKeys implements DeliveryTokens {
  private static final byte[] NO_KEY = new byte[32];

  /** How long a remembered key hash is trusted before the store is asked again. */
  static final Duration CACHE_TTL = Duration.ofMinutes(1);

  /** At most this many hashes are remembered; beyond, the memory starts over. */
  static final int CACHE_MAX = 100_000;

  private final KeyStore store;
  private final RecentReads<byte[]> recent;

  public DeliveryKeys(KeyStore store, Clock clock) {
    this.store = store;
    this.recent = new RecentReads<>(clock, CACHE_TTL, CACHE_MAX);
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
    recent.forget(caller.account());
  }

  @Override
  public boolean matches(AccountToken recipient, byte[] token) {
    byte[] presented = sha256(token);
    boolean rightLength = token.length == WireLimits.DELIVERY_TOKEN_BYTES;
    byte[] remembered = recent.get(recipient);
    if (remembered != null && MessageDigest.isEqual(remembered, presented) && rightLength) {
      return true;
    }
    byte[] expected = store.deliveryKeyHash(recipient).orElse(NO_KEY);
    boolean equal = MessageDigest.isEqual(expected, presented);
    if (expected != NO_KEY) {
      recent.put(recipient, expected);
    }
    return equal && expected != NO_KEY && rightLength;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
