package org.nubo.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nubo.core.Conflict;
import org.nubo.core.CoreException;
import org.nubo.core.InvalidRequest;
import org.nubo.core.MutableClock;
import org.nubo.core.NotFound;
import org.nubo.core.RateLimited;
import org.nubo.core.Unauthenticated;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.core.relay.RelayMetrics;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ServerFrame;

class KeyDirectoryTest {
  private static final String BOB_DEVICE = "6f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final FakeKeyStore store = new FakeKeyStore();
  private final Connections connections = new Connections(RelayMetrics.NONE);
  private final DeliveryKeys deliveryKeys = new DeliveryKeys(store, clock);
  private final AccountToken bobToken = KeyStoreContract.token(2);
  private final DevicePrincipal bob = new DevicePrincipal(bobToken, BOB_DEVICE);
  private final DevicePrincipal alice =
      new DevicePrincipal(KeyStoreContract.token(1), "7f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11");
  private final RateLimiter perTarget = limiter("key_fetches_per_target", 1000);
  private final KeyDirectory directory =
      new KeyDirectory(
          store,
          new HashSignatureChecks(),
          deliveryKeys,
          connections,
          clock,
          limiter("key_uploads_per_account", 1000),
          limiter("key_fetches_per_ip", 1000),
          perTarget,
          limiter("key_fetches_per_account", 1000));

  KeyDirectoryTest() {
    store.device(bobToken, BOB_DEVICE);
  }

  @Test
  void aValidUploadIsStoredAndFetchedAsABundle() {
    directory.upload(bob, upload(3, 2));

    Bundle bundle = directory.fetch(alice, bobToken, "ip");

    assertThat(bundle.identityKey()).isEqualTo(IDENTITY);
    assertThat(bundle.preKey()).isPresent();
    assertThat(directory.status(bob).remaining()).isEqualTo(new KeyCounts(2, 1));
  }

  @Test
  void everyKeyAndSignatureIsCheckedBeforeAnythingIsStored() {
    DeviceKeys good = upload(3, 2);
    SignedPreKey badSignature = new SignedPreKey(40, KeyStoreContract.bytes(1569, 1), new byte[64]);
    DeviceKeys bad = withOneTime(good.preKeys(), List.of(good.kyberPreKeys().get(0), badSignature));

    assertCode(() -> directory.upload(bob, bad), InvalidRequest.class, "bad_signature");
    assertThat(store.status(BOB_DEVICE)).isEmpty();
  }

  @Test
  void duplicateOrNegativeKeyIdsInOneUploadAreRefused() {
    DeviceKeys good = upload(3, 2);
    List<PreKey> twice = List.of(good.preKeys().get(0), good.preKeys().get(0));
    assertCode(
        () -> directory.upload(bob, withOneTime(twice, good.kyberPreKeys())),
        InvalidRequest.class,
        "duplicate_key_id");
    List<SignedPreKey> clashWithLastResort =
        List.of(signed(good.lastResortKyberPreKey().keyId(), 1569));
    assertCode(
        () -> directory.upload(bob, withOneTime(List.of(), clashWithLastResort)),
        InvalidRequest.class,
        "duplicate_key_id");
    assertCode(
        () ->
            directory.upload(
                bob,
                withOneTime(List.of(new PreKey(-1, KeyStoreContract.bytes(33, 1))), List.of())),
        InvalidRequest.class,
        "bad_key_id");
  }

  @Test
  void tooManyOneTimeKeysInOneUploadAreRefused() {
    assertCode(() -> directory.upload(bob, upload(101, 0)), InvalidRequest.class, "too_many_keys");
    assertCode(() -> directory.upload(bob, upload(0, 21)), InvalidRequest.class, "too_many_keys");
  }

  @Test
  void anotherIdentityKeyIsAConflict() {
    directory.upload(bob, upload(1, 1));
    byte[] other = KeyStoreContract.bytes(33, 99);
    DeviceKeys upload = upload(1, 1);
    DeviceKeys changed =
        new DeviceKeys(
            1, other, signed(1, 33, other), signed(9, 1569, other), List.of(), List.of());

    assertCode(() -> directory.upload(bob, changed), Conflict.class, "identity_mismatch");
    assertThat(upload.identityKey()).isEqualTo(IDENTITY);
  }

  @Test
  void noAccountAndNoKeysAreTheSameNotFound() {
    NotFound noKeys = catchCore(() -> directory.fetch(alice, bobToken, "ip"), NotFound.class);
    NotFound noAccount =
        catchCore(() -> directory.fetch(alice, KeyStoreContract.token(42), "ip"), NotFound.class);

    assertThat(noAccount.code()).isEqualTo(noKeys.code()).isEqualTo("no_keys");
    assertThat(noAccount.getMessage()).isEqualTo(noKeys.getMessage());
  }

  @Test
  void aDeliveryTokenFetchNeedsTheRecipientsRegisteredKey() {
    directory.upload(bob, upload(2, 2));
    byte[] key = KeyStoreContract.bytes(16, 5);

    assertCode(
        () -> directory.fetch(key, bobToken, "ip"), Unauthenticated.class, "bad_delivery_token");
    deliveryKeys.register(bob, key);

    assertThat(directory.fetch(key, bobToken, "ip").identityKey()).isEqualTo(IDENTITY);
    assertCode(
        () -> directory.fetch(KeyStoreContract.bytes(16, 6), bobToken, "ip"),
        Unauthenticated.class,
        "bad_delivery_token");
    assertCode(
        () -> deliveryKeys.register(bob, new byte[15]), InvalidRequest.class, "bad_delivery_key");
  }

  @Test
  void theOwnerIsToldWhenAFetchLeavesFewOneTimeKeys() {
    directory.upload(bob, upload(11, 20));
    List<ServerFrame> pushed = new ArrayList<>();
    connections.add(connection(bob, pushed));

    directory.fetch(alice, bobToken, "ip");
    assertThat(pushed).isEmpty();
    directory.fetch(alice, bobToken, "ip");

    assertThat(pushed).hasSize(1);
    assertThat(pushed.get(0).getPrekeysLow().getEcRemaining()).isEqualTo(9);
    assertThat(pushed.get(0).getPrekeysLow().getKyberRemaining()).isEqualTo(18);
  }

  @Test
  void fetchesOfOneTargetAreLimited() {
    KeyDirectory strict =
        new KeyDirectory(
            store,
            new HashSignatureChecks(),
            deliveryKeys,
            connections,
            clock,
            limiter("u", 10),
            limiter("ip", 10),
            limiter("key_fetches_per_target", 2),
            limiter("acct", 10));
    directory.upload(bob, upload(5, 5));
    strict.fetch(alice, bobToken, "ip");
    strict.fetch(alice, bobToken, "ip");

    assertThatThrownBy(() -> strict.fetch(alice, bobToken, "ip2"))
        .isInstanceOf(RateLimited.class)
        .hasMessageContaining("key_fetches_per_target");
  }

  @Test
  void aSenderCertificateNeedsAnIdentityKeyAndLastsADay() {
    List<Object[]> issued = new ArrayList<>();
    SenderCertificates certificates =
        new SenderCertificates(
            store,
            (sender, device, identity, expiresAt) -> {
              issued.add(new Object[] {sender, device, identity, expiresAt});
              return new byte[] {1, 2, 3};
            },
            clock);
    assertCode(() -> certificates.issue(bob), Conflict.class, "no_identity_key");
    directory.upload(bob, upload(1, 1));

    SenderCertificates.Issued certificate = certificates.issue(bob);

    assertThat(certificate.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(issued.get(0)[0]).isEqualTo(bobToken);
    assertThat(issued.get(0)[1]).isEqualTo(1);
    assertThat((byte[]) issued.get(0)[2]).isEqualTo(IDENTITY);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static final byte[] IDENTITY = KeyStoreContract.bytes(33, 77);

  private static DeviceKeys upload(int ec, int kyber) {
    return new DeviceKeys(
        1,
        IDENTITY,
        signed(1, 33),
        signed(9, 1569),
        IntStream.range(0, ec)
            .mapToObj(i -> new PreKey(100 + i, KeyStoreContract.bytes(33, i)))
            .toList(),
        IntStream.range(0, kyber).mapToObj(i -> signed(200 + i, 1569)).toList());
  }

  /** A valid upload's identity, signed and last-resort keys, with these one-time keys. */
  private static DeviceKeys withOneTime(List<PreKey> preKeys, List<SignedPreKey> kyberPreKeys) {
    DeviceKeys good = upload(0, 0);
    return new DeviceKeys(
        1, IDENTITY, good.signedPreKey(), good.lastResortKyberPreKey(), preKeys, kyberPreKeys);
  }

  private static SignedPreKey signed(int id, int length) {
    return signed(id, length, IDENTITY);
  }

  /** The stand-in signature scheme of {@link HashSignatureChecks}. */
  private static SignedPreKey signed(int id, int length, byte[] identity) {
    byte[] key = KeyStoreContract.bytes(length, id);
    return new SignedPreKey(id, key, HashSignatureChecks.sign(identity, key));
  }

  private static RateLimiter limiter(String name, int capacity) {
    return new RateLimiter(
        new Limit(name, capacity, Duration.ofHours(1)),
        java.time.Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), java.time.ZoneOffset.UTC));
  }

  private static DeviceConnection connection(DevicePrincipal who, List<ServerFrame> pushed) {
    return new DeviceConnection() {
      @Override
      public DevicePrincipal principal() {
        return who;
      }

      @Override
      public void push(ServerFrame frame) {
        pushed.add(frame);
      }

      @Override
      public void close(String reason) {}
    };
  }

  private static <T extends CoreException> void assertCode(
      Runnable call, Class<T> type, String code) {
    assertThat(catchCore(call, type).code()).isEqualTo(code);
  }

  private static <T extends CoreException> T catchCore(Runnable call, Class<T> type) {
    try {
      call.run();
    } catch (CoreException e) {
      assertThat(e).isInstanceOf(type);
      assertThat(e.getMessage()).isNotBlank();
      return type.cast(e);
    }
    throw new AssertionError("expected " + type.getSimpleName());
  }
}
