package org.nubo.core.accounts;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.nubo.protocol.AccountToken;

/**
 * Port: durable accounts and devices. Adapters (SQLite, PostgreSQL) pass the shared contract tests
 * in {@code AccountStoreContract}; they throw only {@link StorageException}.
 *
 * <p>An account row holds its token, when it was created and which services use it; a device row
 * holds its id, its account and the hash of its secret. Nothing else is stored: no number, no
 * address, no hardware identifier, no message.
 */
public interface AccountStore {
  /**
   * Creates the account if absent and makes {@code device} its only device, marking messaging on.
   * Devices previously enrolled for the account are removed: the number's holder decides.
   */
  void enrol(Device device);

  Optional<Device> findDevice(String deviceId);

  boolean exists(AccountToken account);

  /** Whether the account currently uses messaging. */
  boolean messagingEnabled(AccountToken account);

  /** Which of these accounts exist and have messaging on. */
  Set<AccountToken> reachableAmong(Collection<AccountToken> accounts);

  /**
   * Turns messaging off: removes the account's devices and marks messaging off; deletes the account
   * if no other service uses it.
   */
  void disableMessaging(AccountToken account);

  /** Number of accounts with messaging on (for metrics). */
  long messagingAccounts();
}
