package org.nubo.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.AccountStoreContract;

class SqliteAccountStoreTest extends AccountStoreContract {
  @TempDir Path dir;
  private SqliteDatabase db;

  @Override
  protected AccountStore newEmptyStore() {
    db = SqliteDatabase.open(dir.resolve("nubo.db"));
    return new SqliteAccountStore(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void reopeningKeepsDataAndDoesNotMigrateTwice() {
    newEmptyStore()
        .enrol(
            new org.nubo.core.accounts.Device(
                "8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11",
                token(9),
                new byte[32],
                java.time.Instant.EPOCH));
    db.close();

    db = SqliteDatabase.open(dir.resolve("nubo.db"));

    assertThat(db.schemaVersion()).isEqualTo(1);
    assertThat(new SqliteAccountStore(db).exists(token(9))).isTrue();
  }
}
