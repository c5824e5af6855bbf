package org.nubo.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.nubo.core.accounts.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database file in WAL mode, migrated to the newest schema when opened.
 *
 * <p>SQLite allows one writer at a time, so all statements go through a single connection under a
 * lock; with WAL and {@code synchronous=NORMAL} a write costs microseconds, far below the network
 * round trips around it. Migrations are the files {@code db/sqlite/V<n>__*.sql}, applied in order
 * and recorded in {@code schema_version}.
 */
public final class SqliteDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

  /**
   * Every migration, in order; the version is the number after {@code V} in the name, and numbers
   * may have gaps (branches reserve numbers). Add new ones at the end; never edit an applied one.
   */
  private static final List<String> MIGRATIONS =
      List.of("V1__accounts.sql", "V2__keys.sql", "V3__directory.sql");

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();

  private SqliteDatabase(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the database at {@code file} and migrates it. */
  public static SqliteDatabase open(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA foreign_keys=ON");
        s.execute("PRAGMA busy_timeout=5000");
        // Deleted rows are overwritten with zeros, so erased accounts leave no trace in the file.
        s.execute("PRAGMA secure_delete=ON");
      }
      SqliteDatabase db = new SqliteDatabase(connection);
      db.migrate();
      return db;
    } catch (SQLException | IOException e) {
      throw new StorageException("cannot open the SQLite database " + file, e);
    }
  }

  /** Work to run on the connection, under the lock. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Statements to run on the connection, under the lock, with no result. */
  @FunctionalInterface
  public interface Update {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code update} on the one connection, as a transaction. */
  public void update(Update update) {
    Boolean unused =
        transaction(
            c -> {
              update.run(c);
              return Boolean.TRUE;
            });
  }

  /** Runs {@code work} on the one connection, as a transaction. */
  public <T> T transaction(Work<T> work) {
    lock.lock();
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StorageException("a SQLite statement failed", e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs a read on the one connection. */
  public <T> T read(Work<T> work) {
    lock.lock();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StorageException("a SQLite query failed", e);
    } finally {
      lock.unlock();
    }
  }

  /** Copies the write-ahead log into the database and truncates it to zero bytes. */
  public void checkpoint() {
    Boolean unused =
        read(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
              }
              return Boolean.TRUE;
            });
  }

  /** The schema version after migration. */
  public int schemaVersion() {
    return read(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
          }
        });
  }

  private void migrate() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version"
              + " (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    }
    int current = schemaVersion();
    for (String name : MIGRATIONS) {
      int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
      if (version <= current) {
        continue;
      }
      String sql = resource("db/sqlite/" + name);
      int applied = version;
      update(
          c -> {
            try (Statement s = c.createStatement()) {
              for (String statement : sql.split(";\\s*(\\n|$)")) {
                if (!statement.isBlank()) {
                  s.execute(statement);
                }
              }
            }
            try (PreparedStatement p =
                c.prepareStatement("INSERT INTO schema_version VALUES (?, ?)")) {
              p.setInt(1, applied);
              p.setLong(2, System.currentTimeMillis());
              p.executeUpdate();
            }
          });
      LOG.info("migrated embedded database schema_version={}", version);
    }
  }

  private static String resource(String path) {
    try (InputStream in = SqliteDatabase.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + path, e);
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close the SQLite database", e);
    } finally {
      lock.unlock();
    }
  }
}
