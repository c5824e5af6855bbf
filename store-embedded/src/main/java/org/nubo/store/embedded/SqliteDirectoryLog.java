package org.nubo.store.embedded;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nubo.core.discovery.DirectoryLog;

/**
 * {@link DirectoryLog} on SQLite: the {@code directory_changes} table that the triggers of {@code
 * V3__directory.sql} fill as accounts turn messaging on and off, and the registered keys read from
 * {@code accounts}. A key is the first 8 bytes of a token, read little-endian.
 */
public final class SqliteDirectoryLog implements DirectoryLog {
  private final SqliteDatabase db;

  public SqliteDirectoryLog(SqliteDatabase db) {
    this.db = db;
  }

  @Override
  public Keys registeredKeys() {
    // One read under the connection's lock: no change can slip between the version and the keys.
    return db.read(
        c -> {
          long version = latest(c);
          long[] keys = new long[1024];
          int n = 0;
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT substr(token, 1, 8) FROM accounts WHERE messaging = 1")) {
            while (rs.next()) {
              if (n == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
              }
              keys[n++] = key(rs.getBytes(1));
            }
          }
          return new Keys(version, Arrays.copyOf(keys, n));
        });
  }

  @Override
  public long latestVersion() {
    return db.read(SqliteDirectoryLog::latest);
  }

  @Override
  public long floor() {
    return db.read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT version FROM directory_floor WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0L;
          }
        });
  }

  @Override
  public Changes changesSince(long since, int max) {
    return db.read(
        c -> {
          long version = latest(c);
          Map<Long, Boolean> net = new LinkedHashMap<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT key, added FROM directory_changes WHERE version > ? ORDER BY version")) {
            p.setLong(1, since);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                long key = key(rs.getBytes(1));
                net.remove(key);
                net.put(key, rs.getInt(2) == 1);
                if (net.size() > max) {
                  return new Changes(version, new long[0], new long[0], true);
                }
              }
            }
          }
          long[] added = new long[net.size()];
          long[] removed = new long[net.size()];
          int a = 0;
          int r = 0;
          for (Map.Entry<Long, Boolean> change : net.entrySet()) {
            if (change.getValue()) {
              added[a++] = change.getKey();
            } else {
              removed[r++] = change.getKey();
            }
          }
          return new Changes(version, Arrays.copyOf(added, a), Arrays.copyOf(removed, r), false);
        });
  }

  @Override
  public void prune(long version) {
    db.update(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM directory_changes WHERE version <= ?")) {
            p.setLong(1, version);
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE directory_floor SET version = max(version, ?) WHERE id = 1")) {
            p.setLong(1, version);
            p.executeUpdate();
          }
        });
  }

  private static long latest(Connection c) throws SQLException {
    // AUTOINCREMENT keeps the highest version ever used even after pruning.
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'directory_changes'")) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  private static long key(byte[] prefix) {
    return ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
