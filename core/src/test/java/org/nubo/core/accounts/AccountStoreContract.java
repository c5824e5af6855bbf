package org.nubo.core.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.AccountToken;

/**
 * The behaviour every {@link AccountStore} adapter must have. An adapter's test extends this and
 * supplies a fresh, empty store on a real database.
 */
public abstract class AccountStoreContract {
  private AccountStore store;

  protected abstract AccountStore newEmptyStore();

  @BeforeEach
  void setUp() {
    store = newEmptyStore();
  }

  @Test
  void enrolledDeviceIsFoundWithItsAccountAndHash() {
    AccountToken account = token(1);
    Device device = device(account);

    store.enrol(device);

    Device found = store.findDevice(device.deviceId()).orElseThrow();
    assertThat(found.account()).isEqualTo(account);
    assertThat(found.secretHash()).isEqualTo(device.secretHash());
    assertThat(store.exists(account)).isTrue();
    assertThat(store.messagingEnabled(account)).isTrue();
  }

  @Test
  void enrollingAgainReplacesTheAccountsDevices() {
    AccountToken account = token(2);
    Device first = device(account);
    Device second = device(account);

    store.enrol(first);
    store.enrol(second);

    assertThat(store.findDevice(first.deviceId())).isEmpty();
    assertThat(store.findDevice(second.deviceId())).isPresent();
    assertThat(store.messagingAccounts()).isEqualTo(1);
  }

  @Test
  void disablingMessagingRemovesDevicesAndTheAccount() {
    AccountToken account = token(3);
    Device device = device(account);
    store.enrol(device);

    store.disableMessaging(account);

    assertThat(store.findDevice(device.deviceId())).isEmpty();
    assertThat(store.exists(account)).isFalse();
    assertThat(store.messagingEnabled(account)).isFalse();
  }

  @Test
  void reachableAmongListsOnlyAccountsWithMessagingOn() {
    store.enrol(device(token(4)));
    store.enrol(device(token(5)));
    store.disableMessaging(token(5));

    assertThat(store.reachableAmong(List.of(token(4), token(5), token(6))))
        .containsExactly(token(4));
  }

  @Test
  void unknownDeviceIsEmpty() {
    assertThat(store.findDevice(UUID.randomUUID().toString())).isEmpty();
  }

  protected static AccountToken token(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    bytes[31] = (byte) (seed * 7);
    return AccountToken.of(bytes);
  }

  private static Device device(AccountToken account) {
    byte[] hash = new byte[32];
    hash[5] = 42;
    return new Device(
        UUID.randomUUID().toString(), account, hash, Instant.ofEpochMilli(1_700_000_000_000L));
  }
}
