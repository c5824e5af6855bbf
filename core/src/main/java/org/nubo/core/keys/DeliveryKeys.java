package org.nubo.core.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.accounts.MessagingListener;
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
public final class DeliveryKeys implements DeliveryTokens, MessagingListener {
  private static final byte[] NO_KEY = new byte[32];

  /** How long a remembered key hash is trusted before the store is asked again. */
  static final Duration CACHE_TTL = Duration.ofMinutes(1);

  /**
   * A token that does not match a remembered hash makes the store be asked again, but at most this
   * often per account: wrong tokens sent on purpose must not turn into a database read each (the
   * check runs on the server's event loop). A key replaced on another node is therefore accepted
   * here within this long of its first use.
   */
  static final Duration RECHECK_AFTER = Duration.ofSeconds(5);

  /** At most this many hashes are remembered; beyond, the memory starts over. */
  static final int CACHE_MAX = 100_000;

  /** A hash as read, and when; {@link #NO_KEY} for an account without a key. */
  @SuppressWarnings("ArrayRecordComponent") // compared in constant time, never exposed
  private record Read(byte[] hash, Instant at) {}

  private final KeyStore store;
  private final Clock clock;
  private final RecentReads<Read> recent;

  public DeliveryKeys(KeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
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
    Read remembered = recent.get(recipient);
    Instant now = clock.instant();
    if (remembered != null
        && (MessageDigest.isEqual(remembered.hash(), presented)
            || now.isBefore(remembered.at().plus(RECHECK_AFTER)))) {
      return rightLength
          && remembered.hash() != NO_KEY
          && MessageDigest.isEqual(remembered.hash(), presented);
    }
    byte[] expected = store.deliveryKeyHash(recipient).orElse(NO_KEY);
    recent.put(recipient, new Read(expected, now));
    boolean equal = MessageDigest.isEqual(expected, presented);
    return equal && expected != NO_KEY && rightLength;
  }

  /** Messaging turned off: the account's key is gone from the store, and from memory now. */
  @Override
  public void messagingDisabled(AccountToken account) {
    recent.forget(account);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
