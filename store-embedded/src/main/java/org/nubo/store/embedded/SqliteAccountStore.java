package org.nubo.store.embedded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.Device;
import org.nubo.protocol.AccountToken;

/** {@link AccountStore} on SQLite: the tables of {@code V1__accounts.sql}. */
public final class SqliteAccountStore implements AccountStore {
  private final SqliteDatabase db;

  public SqliteAccountStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public void enrol(Device device) {
    db.update(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO accounts(token, created_at, messaging) VALUES (?, ?, 1)"
                      + " ON CONFLICT(token) DO UPDATE SET messaging = 1")) {
            p.setBytes(1, device.account().bytes());
            p.setLong(2, device.createdAt().toEpochMilli());
            p.executeUpdate();
          }
          try (PreparedStatement p = c.prepareStatement("DELETE FROM devices WHERE account = ?")) {
            p.setBytes(1, device.account().bytes());
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO devices(device_id, account, secret_hash, created_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            p.setString(1, device.deviceId());
            p.setBytes(2, device.account().bytes());
            p.setBytes(3, device.secretHash());
            p.setLong(4, device.createdAt().toEpochMilli());
            p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Device> findDevice(String deviceId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT account, secret_hash, created_at FROM devices WHERE device_id = ?")) {
            p.setString(1, deviceId);
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new Device(
                      deviceId,
                      AccountToken.of(rs.getBytes(1)),
                      rs.getBytes(2),
                      Instant.ofEpochMilli(rs.getLong(3))));
            }
          }
        });
  }

  @Override
  public boolean exists(AccountToken account) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM accounts WHERE token = ?")) {
            p.setBytes(1, account.bytes());
            try (ResultSet rs = p.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public boolean messagingEnabled(AccountToken account) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT 1 FROM accounts WHERE token = ? AND messaging = 1")) {
            p.setBytes(1, account.bytes());
            try (ResultSet rs = p.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public Set<AccountToken> reachableAmong(Collection<AccountToken> accounts) {
    return db.read(
        c -> {
          Set<AccountToken> found = new HashSet<>();
          try (PreparedStatement p =
              c.prepareStatement("SELECT 1 FROM accounts WHERE token = ? AND messaging = 1")) {
            for (AccountToken account : accounts) {
              p.setBytes(1, account.bytes());
              try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                  found.add(account);
                }
              }
            }
          }
          return found;
        });
  }

  @Override
  public void disableMessaging(AccountToken account) {
    db.update(
        c -> {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM devices WHERE account = ?")) {
            p.setBytes(1, account.bytes());
            p.executeUpdate();
          }
          // Messaging is the only service an account can use so far, so the account goes too.
          try (PreparedStatement p = c.prepareStatement("DELETE FROM accounts WHERE token = ?")) {
            p.setBytes(1, account.bytes());
            p.executeUpdate();
          }
        });
    // secure_delete zeroes the freed pages in the database file, but older copies of them stay
    // in the write-ahead log until it is reused; fold it back and truncate it now.
    db.checkpoint();
  }

  @Override
  public long messagingAccounts() {
    return db.read(
        c -> {
          try (PreparedStatement p =
                  c.prepareStatement("SELECT count(*) FROM accounts WHERE messaging = 1");
              ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }
}
