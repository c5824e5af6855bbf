package org.nubo.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nubo.core.MutableClock;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.protocol.AccountToken;

/** Delivery tokens are checked on the event loop: remembered hashes, and what a memory may say. */
class DeliveryKeysTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final FakeKeyStore store = new FakeKeyStore();
  private final DeliveryKeys keys = new DeliveryKeys(store, clock);
  private final AccountToken bob = AccountToken.of(filled(32, 7));
  private final DevicePrincipal bobsPhone =
      new DevicePrincipal(bob, "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");

  @Test
  void aMatchingTokenIsReadFromTheStoreOnceThenRemembered() {
    keys.register(bobsPhone, filled(16, 1));

    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();

    assertThat(store.deliveryKeyReads).isEqualTo(1);
  }

  @Test
  void aRememberedHashIsReadAgainAfterItsTimeToLive() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();

    clock.advance(DeliveryKeys.CACHE_TTL.plusSeconds(1));

    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    assertThat(store.deliveryKeyReads).isEqualTo(2);
  }

  @Test
  void aNewKeyRegisteredHereWorksAtOnceAndTheOldOneStops() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();

    keys.register(bobsPhone, filled(16, 2));

    assertThat(keys.matches(bob, filled(16, 1))).isFalse();
    assertThat(keys.matches(bob, filled(16, 2))).isTrue();
  }

  @Test
  void aKeyReplacedByAnotherNodeWorksAtOnceAndTheOldOneStopsWithinTheTimeToLive() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    // Another node stores the new key: this node's memory still holds the old hash.
    store.putDeliveryKeyHash(bob, DeliveryKeys.sha256(filled(16, 2)));

    assertThat(keys.matches(bob, filled(16, 1))).as("remembered, within the TTL").isTrue();
    clock.advance(DeliveryKeys.CACHE_TTL.plusSeconds(1));
    assertThat(keys.matches(bob, filled(16, 1))).isFalse();
    assertThat(keys.matches(bob, filled(16, 2))).isTrue();
  }

  @Test
  void aNewKeyFromAnotherNodeMatchesOnceTheRecheckIntervalHasPassed() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    store.putDeliveryKeyHash(bob, DeliveryKeys.sha256(filled(16, 2)));

    clock.advance(DeliveryKeys.RECHECK_AFTER);

    assertThat(keys.matches(bob, filled(16, 2))).isTrue();
    assertThat(keys.matches(bob, filled(16, 1))).isFalse();
  }

  @Test
  void wrongTokensCostAtMostOneReadPerRecheckInterval() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();

    for (int i = 0; i < 100; i++) {
      assertThat(keys.matches(bob, filled(16, 50 + i))).isFalse();
    }
    assertThat(store.deliveryKeyReads).isEqualTo(1);

    clock.advance(DeliveryKeys.RECHECK_AFTER);
    assertThat(keys.matches(bob, filled(16, 3))).isFalse();
    assertThat(store.deliveryKeyReads).isEqualTo(2);
  }

  @Test
  void anAccountWithoutAKeyIsRememberedAsSuch() {
    AccountToken carol = AccountToken.of(filled(32, 9));

    assertThat(keys.matches(carol, filled(16, 1))).isFalse();
    assertThat(keys.matches(carol, filled(16, 2))).isFalse();

    assertThat(store.deliveryKeyReads).isEqualTo(1);
  }

  @Test
  void turningMessagingOffForgetsTheRememberedHashAtOnce() {
    keys.register(bobsPhone, filled(16, 1));
    assertThat(keys.matches(bob, filled(16, 1))).isTrue();
    // Turning off deletes the account's keys from the store; here the row is replaced instead.
    store.putDeliveryKeyHash(bob, DeliveryKeys.sha256(filled(16, 7)));

    keys.messagingDisabled(bob);

    assertThat(keys.matches(bob, filled(16, 1))).isFalse();
  }

  @Test
  void wrongTokensAndAccountsWithoutAKeyNeverMatch() {
    keys.register(bobsPhone, filled(16, 1));
    AccountToken carol = AccountToken.of(filled(32, 9));

    assertThat(keys.matches(bob, filled(16, 3))).isFalse();
    assertThat(keys.matches(bob, filled(15, 1))).isFalse();
    assertThat(keys.matches(carol, filled(16, 1))).isFalse();
    assertThat(keys.matches(carol, new byte[16])).isFalse();
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
