package org.nubo.core.keys;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.nubo.core.Conflict;
import org.nubo.core.InvalidRequest;
import org.nubo.core.NotFound;
import org.nubo.core.Unauthenticated;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.accounts.MessagingListener;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.PreKeysLow;
import org.nubo.protocol.wire.ServerFrame;

/**
 * The Signal key directory: devices upload keys (each parsed and its signature checked before
 * anything is stored), senders fetch bundles, and a device whose one-time prekeys run low is told
 * so on its data-plane connection.
 *
 * <p>A bundle fetch pops one-time prekeys, so it is limited per address, per target and, when the
 * caller is authenticated, per account. A sender that does not want to name itself presents the
 * target's delivery token instead of a credential. "No such account" and "no keys" are the same
 * 404, so a fetch is no better than the directory at telling who uses Nubo.
 */
public final class KeyDirectory implements MessagingListener {
  /** How long a remembered registration id is trusted before the store is asked again. */
  static final Duration REGISTRATION_CACHE_TTL = Duration.ofMinutes(5);

  /** At most this many registration ids are remembered; beyond, the memory starts over. */
  static final int REGISTRATION_CACHE_MAX = 100_000;

  /** The Signal device id: 1 while registration gives an account exactly one device. */
  public static final int DEVICE_NUMBER = 1;

  private final KeyStore store;
  private final KeyChecks checks;
  private final DeliveryKeys deliveryKeys;
  private final Connections connections;
  private final Clock clock;
  private final RateLimiter uploadsPerAccount;
  private final RateLimiter fetchesPerIp;
  private final RateLimiter fetchesPerTarget;
  private final RateLimiter fetchesPerAccount;

  /** Registration ids read recently, so a sealed envelope rarely costs a database read. */
  private final RecentReads<Integer> registrations;

  public KeyDirectory(
      KeyStore store,
      KeyChecks checks,
      DeliveryKeys deliveryKeys,
      Connections connections,
      Clock clock,
      RateLimiter uploadsPerAccount,
      RateLimiter fetchesPerIp,
      RateLimiter fetchesPerTarget,
      RateLimiter fetchesPerAccount) {
    this.store = store;
    this.checks = checks;
    this.deliveryKeys = deliveryKeys;
    this.connections = connections;
    this.clock = clock;
    this.registrations = new RecentReads<>(clock, REGISTRATION_CACHE_TTL, REGISTRATION_CACHE_MAX);
    this.uploadsPerAccount = uploadsPerAccount;
    this.fetchesPerIp = fetchesPerIp;
    this.fetchesPerTarget = fetchesPerTarget;
    this.fetchesPerAccount = fetchesPerAccount;
  }

  /**
   * Checks and stores the caller's keys.
   *
   * @throws InvalidRequest {@code bad_key}, {@code bad_signature}, {@code too_many_keys} or {@code
   *     duplicate_key_id}
   * @throws Conflict {@code identity_mismatch} if the device has another identity key on file
   */
  public void upload(DevicePrincipal caller, DeviceKeys keys) {
    uploadsPerAccount.acquire(caller.account().text());
    if (keys.preKeys().size() > WireLimits.MAX_EC_PREKEYS_PER_UPLOAD
        || keys.kyberPreKeys().size() > WireLimits.MAX_KYBER_PREKEYS_PER_UPLOAD) {
      throw new InvalidRequest(
          "too_many_keys",
          "one upload carries at most "
              + WireLimits.MAX_EC_PREKEYS_PER_UPLOAD
              + " one-time EC prekeys and "
              + WireLimits.MAX_KYBER_PREKEYS_PER_UPLOAD
              + " one-time Kyber prekeys");
    }
    distinct("signedPreKey", List.of(keys.signedPreKey().keyId()), Set.of());
    distinct("preKeys", keys.preKeys().stream().map(PreKey::keyId).toList(), Set.of());
    distinct(
        "kyberPreKeys",
        keys.kyberPreKeys().stream().map(SignedPreKey::keyId).toList(),
        Set.of(keys.lastResortKyberPreKey().keyId()));
    byte[] identity = keys.identityKey();
    checks.identityKey(identity);
    checks.signedPreKey(identity, keys.signedPreKey());
    checks.kyberPreKey(identity, keys.lastResortKyberPreKey());
    keys.preKeys().forEach(checks::oneTimePreKey);
    keys.kyberPreKeys().forEach(k -> checks.kyberPreKey(identity, k));
    switch (store.store(caller.deviceId(), keys, clock.instant())) {
      case STORED -> registrations.forget(caller.account());
      case IDENTITY_MISMATCH ->
          throw new Conflict(
              "identity_mismatch",
              "this device already has another identity key; a new identity needs a new"
                  + " registration");
      case DUPLICATE_KEY_ID ->
          throw new InvalidRequest(
              "duplicate_key_id", "a key id in this upload is already on file for this device");
    }
  }

  /**
   * Whether a session made with {@code registrationId} still reaches the account's device: false
   * only when the device on file has another one (a new install, whose identity is new too). A
   * remembered id that matches is trusted for a few minutes; a mismatch is always checked against
   * the store, so a stale memory never calls a current session stale. An account without keys is
   * "current": there is nothing to compare, and the relay decides what happens to the envelope.
   */
  public boolean isCurrent(AccountToken account, int registrationId) {
    Integer known = registrations.get(account);
    if (known != null && known == registrationId) {
      return true;
    }
    OptionalInt stored = store.registrationId(account);
    if (stored.isEmpty()) {
      registrations.forget(account);
      return true;
    }
    registrations.put(account, stored.getAsInt());
    return stored.getAsInt() == registrationId;
  }

  /** Messaging turned off: the account's keys are gone from the store, and from memory now. */
  @Override
  public void messagingDisabled(AccountToken account) {
    registrations.forget(account);
  }

  /** The caller's key counts and signed prekey. */
  public KeyStatus status(DevicePrincipal caller) {
    return store
        .status(caller.deviceId())
        .orElseThrow(() -> new NotFound("no_keys", "this device has not uploaded keys"));
  }

  /** A bundle for an authenticated caller. */
  public Bundle fetch(DevicePrincipal caller, AccountToken target, String clientKey) {
    fetchesPerIp.acquire(clientKey);
    fetchesPerAccount.acquire(caller.account().text());
    return take(target);
  }

  /**
   * A bundle for a caller who names no account but presents the target's delivery token.
   *
   * @throws Unauthenticated ({@code bad_delivery_token}) for a wrong token, or a target without one
   */
  public Bundle fetch(byte[] deliveryToken, AccountToken target, String clientKey) {
    fetchesPerIp.acquire(clientKey);
    if (!deliveryKeys.matches(target, deliveryToken)) {
      throw new Unauthenticated(
          "bad_delivery_token", "the delivery token is not valid for this account");
    }
    return take(target);
  }

  private Bundle take(AccountToken target) {
    fetchesPerTarget.acquire(target.text());
    TakenBundle taken =
        store
            .takeBundle(target)
            .orElseThrow(
                () -> new NotFound("no_keys", "no keys are available for this account token"));
    KeyCounts left = taken.remaining();
    if (left.below(WireLimits.PREKEYS_LOW)) {
      ServerFrame low =
          ServerFrame.newBuilder()
              .setPrekeysLow(
                  PreKeysLow.newBuilder()
                      .setEcRemaining(left.preKeys())
                      .setKyberRemaining(left.kyberPreKeys()))
              .build();
      for (DeviceConnection owner : connections.of(target)) {
        if (owner.principal().deviceId().equals(taken.deviceId())) {
          owner.push(low);
        }
      }
    }
    return taken.bundle();
  }

  /** How old the device's signed prekey is. */
  public Duration signedPreKeyAge(KeyStatus status) {
    return Duration.between(status.signedPreKeyUploadedAt(), clock.instant());
  }

  private static void distinct(String field, List<Integer> ids, Set<Integer> taken) {
    Set<Integer> seen = new HashSet<>(taken);
    for (int id : ids) {
      if (id < 0) {
        throw new InvalidRequest("bad_key_id", field + " has a negative key id");
      }
      if (!seen.add(id)) {
        throw new InvalidRequest(
            "duplicate_key_id", field + " has key id " + id + " more than once");
      }
    }
  }
}
