package org.nubo.core.keys;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.nubo.protocol.AccountToken;

/**
 * A {@link KeyStore} in memory for the core's own tests, where the real adapter (SQLite, in a
 * module that depends on this one) cannot be used. One device per account, as {@link #device}
 * assigns; the real adapters' behaviour is pinned by {@link KeyStoreContract}.
 */
final class FakeKeyStore implements KeyStore {
  private final Map<AccountToken, String> devices = new HashMap<>();
  private final Map<String, DeviceKeys> identities = new HashMap<>();
  private final Map<String, Deque<PreKey>> ec = new HashMap<>();
  private final Map<String, Deque<SignedPreKey>> kyber = new HashMap<>();
  private final Map<String, Instant> uploadedAt = new HashMap<>();
  private final Map<AccountToken, byte[]> deliveryHashes = new HashMap<>();

  void device(AccountToken account, String deviceId) {
    devices.put(account, deviceId);
  }

  @Override
  public synchronized Stored store(String deviceId, DeviceKeys keys, Instant now) {
    DeviceKeys first = identities.get(deviceId);
    if (first != null && !java.util.Arrays.equals(first.identityKey(), keys.identityKey())) {
      return Stored.IDENTITY_MISMATCH;
    }
    if (first == null) {
      identities.put(deviceId, keys);
    }
    ec.computeIfAbsent(deviceId, d -> new ArrayDeque<>()).addAll(keys.preKeys());
    kyber.computeIfAbsent(deviceId, d -> new ArrayDeque<>()).addAll(keys.kyberPreKeys());
    uploadedAt.put(deviceId, now);
    return Stored.STORED;
  }

  @Override
  public synchronized Optional<byte[]> identityKey(String deviceId) {
    return Optional.ofNullable(identities.get(deviceId)).map(DeviceKeys::identityKey);
  }

  @Override
  public synchronized OptionalInt registrationId(AccountToken account) {
    String deviceId = devices.get(account);
    DeviceKeys keys = deviceId == null ? null : identities.get(deviceId);
    return keys == null ? OptionalInt.empty() : OptionalInt.of(keys.registrationId());
  }

  @Override
  public synchronized Optional<KeyStatus> status(String deviceId) {
    DeviceKeys keys = identities.get(deviceId);
    if (keys == null) {
      return Optional.empty();
    }
    return Optional.of(
        new KeyStatus(counts(deviceId), keys.signedPreKey().keyId(), uploadedAt.get(deviceId)));
  }

  @Override
  public synchronized Optional<TakenBundle> takeBundle(AccountToken account) {
    String deviceId = devices.get(account);
    DeviceKeys keys = deviceId == null ? null : identities.get(deviceId);
    if (deviceId == null || keys == null) {
      return Optional.empty();
    }
    SignedPreKey k = kyber.get(deviceId).pollFirst();
    Bundle bundle =
        new Bundle(
            keys.identityKey(),
            keys.registrationId(),
            1,
            keys.signedPreKey(),
            Optional.ofNullable(ec.get(deviceId).pollFirst()),
            k == null ? keys.lastResortKyberPreKey() : k);
    return Optional.of(new TakenBundle(bundle, deviceId, counts(deviceId)));
  }

  private KeyCounts counts(String deviceId) {
    return new KeyCounts(ec.get(deviceId).size(), kyber.get(deviceId).size());
  }

  @Override
  public synchronized void putDeliveryKeyHash(AccountToken account, byte[] sha256) {
    deliveryHashes.put(account, sha256.clone());
  }

  /** How many times a delivery key hash was read. */
  int deliveryKeyReads;

  @Override
  public synchronized Optional<byte[]> deliveryKeyHash(AccountToken account) {
    deliveryKeyReads++;
    return Optional.ofNullable(deliveryHashes.get(account)).map(byte[]::clone);
  }
}
