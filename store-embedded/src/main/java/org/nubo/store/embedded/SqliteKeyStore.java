package org.nubo.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import org.nubo.core.keys.Bundle;
import org.nubo.core.keys.DeviceKeys;
import org.nubo.core.keys.KeyCounts;
import org.nubo.core.keys.KeyDirectory;
import org.nubo.core.keys.KeyStatus;
import org.nubo.core.keys.KeyStore;
import org.nubo.core.keys.PreKey;
import org.nubo.core.keys.SignedPreKey;
import org.nubo.core.keys.TakenBundle;
import org.nubo.protocol.AccountToken;

/**
 * {@link KeyStore} on SQLite: the tables of {@code V2__keys.sql}. One-time prekeys are popped with
 * {@code DELETE … RETURNING} in the same transaction as the read of the rest of the bundle, and the
 * database's one connection lock makes that atomic against every other fetch.
 */
public final class SqliteKeyStore implements KeyStore {
  /** The account's device whose keys a bundle comes from (its first, while there is one). */
  private static final String ACCOUNTS_DEVICE_WITH_KEYS =
      " FROM devices d JOIN identity_keys i ON i.device_id = d.device_id"
          + " WHERE d.account = ? ORDER BY d.created_at LIMIT 1";

  private final SqliteDatabase db;

  public SqliteKeyStore(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Stored store(String deviceId, DeviceKeys keys, Instant now) {
    return db.transaction(
        c -> {
          byte[] identity = keys.identityKey();
          int registration = 0;
          byte @Nullable [] onFile = null;
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT identity_key, registration_id FROM identity_keys WHERE device_id = ?")) {
            p.setString(1, deviceId);
            try (ResultSet rs = p.executeQuery()) {
              if (rs.next()) {
                onFile = rs.getBytes(1);
                registration = rs.getInt(2);
              }
            }
          }
          if (onFile != null
              && (!Arrays.equals(onFile, identity) || registration != keys.registrationId())) {
            return Stored.IDENTITY_MISMATCH;
          }
          if (onFile == null) {
            execute(
                c,
                "INSERT INTO identity_keys(device_id, identity_key, registration_id)"
                    + " VALUES (?, ?, ?)",
                deviceId,
                identity,
                keys.registrationId());
          }
          if (anyOnFile(c, deviceId, keys)) {
            // Rolled back with the rest: a mismatch on the first upload leaves nothing behind.
            c.rollback();
            return Stored.DUPLICATE_KEY_ID;
          }
          SignedPreKey signed = keys.signedPreKey();
          execute(
              c,
              "INSERT OR REPLACE INTO signed_prekeys(device_id, key_id, public_key, signature,"
                  + " uploaded_at) VALUES (?, ?, ?, ?, ?)",
              deviceId,
              signed.keyId(),
              signed.publicKey(),
              signed.signature(),
              now.toEpochMilli());
          execute(c, "DELETE FROM kyber_prekeys WHERE device_id = ? AND last_resort = 1", deviceId);
          insertKyber(c, deviceId, keys.lastResortKyberPreKey(), true);
          for (SignedPreKey kyber : keys.kyberPreKeys()) {
            insertKyber(c, deviceId, kyber, false);
          }
          for (PreKey ec : keys.preKeys()) {
            execute(
                c,
                "INSERT INTO ec_prekeys(device_id, key_id, public_key) VALUES (?, ?, ?)",
                deviceId,
                ec.keyId(),
                ec.publicKey());
          }
          return Stored.STORED;
        });
  }

  /**
   * Whether a one-time key id of the upload, or its new last-resort id, is taken by another key.
   */
  private static boolean anyOnFile(Connection c, String deviceId, DeviceKeys keys)
      throws SQLException {
    try (PreparedStatement ec =
            c.prepareStatement("SELECT 1 FROM ec_prekeys WHERE device_id = ? AND key_id = ?");
        PreparedStatement kyber =
            c.prepareStatement(
                "SELECT 1 FROM kyber_prekeys WHERE device_id = ? AND key_id = ?"
                    + " AND last_resort = 0")) {
      for (PreKey key : keys.preKeys()) {
        if (exists(ec, deviceId, key.keyId())) {
          return true;
        }
      }
      for (SignedPreKey key : keys.kyberPreKeys()) {
        if (exists(kyber, deviceId, key.keyId())) {
          return true;
        }
      }
      return exists(kyber, deviceId, keys.lastResortKyberPreKey().keyId());
    }
  }

  private static boolean exists(PreparedStatement p, String deviceId, int keyId)
      throws SQLException {
    p.setString(1, deviceId);
    p.setInt(2, keyId);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next();
    }
  }

  private static void insertKyber(
      Connection c, String deviceId, SignedPreKey key, boolean lastResort) throws SQLException {
    execute(
        c,
        "INSERT INTO kyber_prekeys(device_id, key_id, public_key, signature, last_resort)"
            + " VALUES (?, ?, ?, ?, ?)",
        deviceId,
        key.keyId(),
        key.publicKey(),
        key.signature(),
        lastResort ? 1 : 0);
  }

  @Override
  public Optional<byte[]> identityKey(String deviceId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT identity_key FROM identity_keys WHERE device_id = ?")) {
            p.setString(1, deviceId);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
            }
          }
        });
  }

  @Override
  public OptionalInt registrationId(AccountToken account) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT i.registration_id" + ACCOUNTS_DEVICE_WITH_KEYS)) {
            p.setBytes(1, account.bytes());
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
          }
        });
  }

  @Override
  public Optional<KeyStatus> status(String deviceId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT key_id, uploaded_at FROM signed_prekeys WHERE device_id = ?")) {
            p.setString(1, deviceId);
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                return Optional.<KeyStatus>empty();
              }
              return Optional.of(
                  new KeyStatus(
                      counts(c, deviceId), rs.getInt(1), Instant.ofEpochMilli(rs.getLong(2))));
            }
          }
        });
  }

  @Override
  public Optional<TakenBundle> takeBundle(AccountToken account) {
    return db.transaction(
        c -> {
          @Nullable String deviceId = null;
          byte @Nullable [] identity = null;
          int registration = 0;
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT d.device_id, i.identity_key, i.registration_id"
                      + ACCOUNTS_DEVICE_WITH_KEYS)) {
            p.setBytes(1, account.bytes());
            try (ResultSet rs = p.executeQuery()) {
              if (rs.next()) {
                deviceId = rs.getString(1);
                identity = rs.getBytes(2);
                registration = rs.getInt(3);
              }
            }
          }
          if (deviceId == null || identity == null) {
            return Optional.<TakenBundle>empty();
          }
          SignedPreKey signed = signedPreKey(c, deviceId);
          PreKey ec = popEc(c, deviceId);
          SignedPreKey kyber = popKyber(c, deviceId);
          if (signed == null || kyber == null) {
            return Optional.<TakenBundle>empty();
          }
          Bundle bundle =
              new Bundle(
                  identity,
                  registration,
                  KeyDirectory.DEVICE_NUMBER,
                  signed,
                  Optional.ofNullable(ec),
                  kyber);
          return Optional.of(new TakenBundle(bundle, deviceId, counts(c, deviceId)));
        });
  }

  private static @Nullable SignedPreKey signedPreKey(Connection c, String deviceId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT key_id, public_key, signature FROM signed_prekeys WHERE device_id = ?")) {
      p.setString(1, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new SignedPreKey(rs.getInt(1), rs.getBytes(2), rs.getBytes(3)) : null;
      }
    }
  }

  private static @Nullable PreKey popEc(Connection c, String deviceId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "DELETE FROM ec_prekeys WHERE device_id = ?1 AND key_id ="
                + " (SELECT min(key_id) FROM ec_prekeys WHERE device_id = ?1)"
                + " RETURNING key_id, public_key")) {
      p.setString(1, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new PreKey(rs.getInt(1), rs.getBytes(2)) : null;
      }
    }
  }

  /** A one-time Kyber prekey, removed; or the last-resort one, which stays. */
  private static @Nullable SignedPreKey popKyber(Connection c, String deviceId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "DELETE FROM kyber_prekeys WHERE device_id = ?1 AND key_id ="
                + " (SELECT min(key_id) FROM kyber_prekeys WHERE device_id = ?1"
                + " AND last_resort = 0) RETURNING key_id, public_key, signature")) {
      p.setString(1, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        if (rs.next()) {
          return new SignedPreKey(rs.getInt(1), rs.getBytes(2), rs.getBytes(3));
        }
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT key_id, public_key, signature FROM kyber_prekeys"
                + " WHERE device_id = ? AND last_resort = 1")) {
      p.setString(1, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? new SignedPreKey(rs.getInt(1), rs.getBytes(2), rs.getBytes(3)) : null;
      }
    }
  }

  private static KeyCounts counts(Connection c, String deviceId) throws SQLException {
    return new KeyCounts(
        count(c, "SELECT count(*) FROM ec_prekeys WHERE device_id = ?", deviceId),
        count(
            c,
            "SELECT count(*) FROM kyber_prekeys WHERE device_id = ? AND last_resort = 0",
            deviceId));
  }

  private static int count(Connection c, String sql, String deviceId) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, deviceId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    }
  }

  @Override
  public void putDeliveryKeyHash(AccountToken account, byte[] sha256) {
    db.update(
        c ->
            execute(
                c,
                "INSERT OR REPLACE INTO delivery_keys(account, key_hash) VALUES (?, ?)",
                account.bytes(),
                sha256));
  }

  @Override
  public Optional<byte[]> deliveryKeyHash(AccountToken account) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT key_hash FROM delivery_keys WHERE account = ?")) {
            p.setBytes(1, account.bytes());
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
            }
          }
        });
  }

  private static void execute(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 1, values[i]);
      }
      p.executeUpdate();
    }
  }
}
