package org.nubo.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.Device;
import org.nubo.protocol.AccountToken;

/**
 * The behaviour every {@link KeyStore} adapter must have. An adapter's test extends this and
 * supplies a fresh, empty account store and key store on the same real database (keys belong to
 * enrolled devices).
 */
public abstract class KeyStoreContract {
  /** The two stores of one database. */
  public record Stores(AccountStore accounts, KeyStore keys) {}

  protected static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private AccountStore accounts;
  private KeyStore keys;

  protected abstract Stores newEmptyStores();

  @BeforeEach
  void setUp() {
    Stores stores = newEmptyStores();
    accounts = stores.accounts();
    keys = stores.keys();
  }

  @Test
  void aBundlePopsOneOfEachOneTimeKeyAndTheLastResortKyberKeyStays() {
    AccountToken account = token(1);
    String device = enrol(account);
    assertThat(keys.store(device, upload(7, 3, 2, 100), NOW)).isEqualTo(KeyStore.Stored.STORED);

    List<TakenBundle> taken = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      taken.add(keys.takeBundle(account).orElseThrow());
    }

    assertThat(taken.get(0).deviceId()).isEqualTo(device);
    assertThat(taken.get(0).bundle().identityKey()).isEqualTo(identity(7));
    assertThat(taken.get(0).bundle().registrationId()).isEqualTo(7);
    assertThat(taken.get(0).bundle().signedPreKey().keyId()).isEqualTo(1);
    assertThat(taken.get(0).remaining()).isEqualTo(new KeyCounts(2, 1));
    assertThat(taken.stream().map(t -> t.bundle().preKey().map(PreKey::keyId).orElse(-1)))
        .containsExactly(100, 101, 102, -1);
    assertThat(taken.stream().map(t -> t.bundle().kyberPreKey().keyId()))
        .containsExactly(200, 201, 9, 9);
    assertThat(taken.get(3).remaining()).isEqualTo(new KeyCounts(0, 0));
    assertThat(taken.get(3).bundle().kyberPreKey().signature())
        .isEqualTo(upload(7, 0, 0, 0).lastResortKyberPreKey().signature());
  }

  @Test
  void anAccountWithoutKeysOrWithoutDevicesHasNoBundle() {
    enrol(token(2));

    assertThat(keys.takeBundle(token(2))).isEmpty();
    assertThat(keys.takeBundle(token(3))).isEmpty();
  }

  @Test
  void aSecondUploadAddsOneTimeKeysAndReplacesSignedAndLastResortKeys() {
    AccountToken account = token(4);
    String device = enrol(account);
    keys.store(device, upload(7, 2, 1, 100), NOW);
    DeviceKeys next = upload(7, 2, 1, 300);
    DeviceKeys rotated =
        new DeviceKeys(
            7,
            identity(7),
            new SignedPreKey(2, bytes(33, 2), bytes(64, 2)),
            new SignedPreKey(10, bytes(1569, 10), bytes(64, 10)),
            next.preKeys(),
            next.kyberPreKeys());

    assertThat(keys.store(device, rotated, NOW.plusSeconds(60))).isEqualTo(KeyStore.Stored.STORED);

    KeyStatus status = keys.status(device).orElseThrow();
    assertThat(status.remaining()).isEqualTo(new KeyCounts(4, 2));
    assertThat(status.signedPreKeyId()).isEqualTo(2);
    assertThat(status.signedPreKeyUploadedAt()).isEqualTo(NOW.plusSeconds(60));
    for (int i = 0; i < 2; i++) {
      keys.takeBundle(account);
    }
    assertThat(keys.takeBundle(account).orElseThrow().bundle().kyberPreKey().keyId()).isEqualTo(10);
  }

  @Test
  void anotherIdentityKeyIsRefusedAndNothingIsStored() {
    String device = enrol(token(5));
    keys.store(device, upload(7, 1, 1, 100), NOW);

    assertThat(keys.store(device, upload(8, 5, 1, 500), NOW))
        .isEqualTo(KeyStore.Stored.IDENTITY_MISMATCH);

    assertThat(keys.identityKey(device)).contains(identity(7));
    assertThat(keys.status(device).orElseThrow().remaining()).isEqualTo(new KeyCounts(1, 1));
  }

  @Test
  void aKeyIdAlreadyOnFileIsRefusedAndNothingIsStored() {
    String device = enrol(token(6));
    keys.store(device, upload(7, 2, 2, 100), NOW);

    assertThat(keys.store(device, upload(7, 2, 0, 101), NOW))
        .isEqualTo(KeyStore.Stored.DUPLICATE_KEY_ID);

    assertThat(keys.status(device).orElseThrow().remaining()).isEqualTo(new KeyCounts(2, 2));
  }

  @Test
  void concurrentFetchesNeverGetTheSameOneTimeKey() throws Exception {
    AccountToken account = token(7);
    String device = enrol(account);
    keys.store(device, upload(7, 100, 20, 1000), NOW);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<TakenBundle>> tasks =
          IntStream.range(0, 120)
              .<Callable<TakenBundle>>mapToObj(i -> () -> keys.takeBundle(account).orElseThrow())
              .toList();
      List<TakenBundle> taken = new ArrayList<>();
      for (Future<TakenBundle> f : pool.invokeAll(tasks)) {
        taken.add(f.get());
      }

      Set<Integer> ec = new HashSet<>();
      Set<Integer> kyber = new HashSet<>();
      for (TakenBundle t : taken) {
        t.bundle().preKey().ifPresent(k -> assertThat(ec.add(k.keyId())).isTrue());
        int kyberId = t.bundle().kyberPreKey().keyId();
        if (kyberId != 9) {
          assertThat(kyber.add(kyberId)).isTrue();
        }
      }
      assertThat(ec).hasSize(100);
      assertThat(kyber).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void turningMessagingOffErasesTheKeysAndTheDeliveryKey() {
    AccountToken account = token(8);
    String device = enrol(account);
    keys.store(device, upload(7, 3, 3, 100), NOW);
    keys.putDeliveryKeyHash(account, bytes(32, 1));

    accounts.disableMessaging(account);

    assertThat(keys.identityKey(device)).isEmpty();
    assertThat(keys.status(device)).isEmpty();
    assertThat(keys.takeBundle(account)).isEmpty();
    assertThat(keys.deliveryKeyHash(account)).isEmpty();
  }

  @Test
  void aNewInstallOfTheNumberStartsWithoutTheOldDevicesKeys() {
    AccountToken account = token(9);
    String old = enrol(account);
    keys.store(old, upload(7, 3, 3, 100), NOW);

    String fresh = enrol(account);

    assertThat(keys.identityKey(old)).isEmpty();
    assertThat(keys.identityKey(fresh)).isEmpty();
    assertThat(keys.takeBundle(account)).isEmpty();
  }

  @Test
  void theRegistrationIdIsTheCurrentDevicesAndGoesWithIt() {
    AccountToken account = token(12);
    assertThat(keys.registrationId(account)).isEmpty();
    String old = enrol(account);
    assertThat(keys.registrationId(account)).isEmpty();
    keys.store(old, upload(7, 1, 1, 100), NOW);
    assertThat(keys.registrationId(account)).hasValue(7);

    String fresh = enrol(account);
    assertThat(keys.registrationId(account)).isEmpty();
    keys.store(fresh, upload(8, 1, 1, 100), NOW);
    assertThat(keys.registrationId(account)).hasValue(8);

    accounts.disableMessaging(account);
    assertThat(keys.registrationId(account)).isEmpty();
  }

  @Test
  void theDeliveryKeyHashIsReplaced() {
    AccountToken account = token(10);
    enrol(account);

    keys.putDeliveryKeyHash(account, bytes(32, 1));
    keys.putDeliveryKeyHash(account, bytes(32, 2));

    assertThat(keys.deliveryKeyHash(account)).contains(bytes(32, 2));
    assertThat(keys.deliveryKeyHash(token(11))).isEmpty();
  }

  private String enrol(AccountToken account) {
    String deviceId = UUID.randomUUID().toString();
    accounts.enrol(new Device(deviceId, account, new byte[32], NOW));
    return deviceId;
  }

  /**
   * An upload with EC ids from {@code firstId}, Kyber ids from {@code firstId + 100}, signed prekey
   * 1 and last-resort Kyber key 9. Bytes are fillers: stores do not check keys.
   */
  protected static DeviceKeys upload(int identitySeed, int ec, int kyber, int firstId) {
    return new DeviceKeys(
        identitySeed,
        identity(identitySeed),
        new SignedPreKey(1, bytes(33, 1), bytes(64, 1)),
        new SignedPreKey(9, bytes(1569, 9), bytes(64, 9)),
        IntStream.range(0, ec).mapToObj(i -> new PreKey(firstId + i, bytes(33, i))).toList(),
        IntStream.range(0, kyber)
            .mapToObj(i -> new SignedPreKey(firstId + 100 + i, bytes(1569, i), bytes(64, 100 + i)))
            .toList());
  }

  protected static byte[] identity(int seed) {
    return bytes(33, 50 + seed);
  }

  protected static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }

  protected static AccountToken token(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    bytes[31] = (byte) (seed * 7 + 1);
    return AccountToken.of(bytes);
  }
}
