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
  void aDeletedAccountLeavesNoCopyOfItsTokenInTheDatabaseFiles() throws Exception {
    org.nubo.core.accounts.AccountStore store = newEmptyStore();
    org.nubo.protocol.AccountToken account = token(77);
    store.enrol(
        new org.nubo.core.accounts.Device(
            "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11",
            account,
            new byte[32],
            java.time.Instant.EPOCH));

    store.disableMessaging(account);

    byte[] token = account.bytes();
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path file : files.toList()) {
        byte[] content = java.nio.file.Files.readAllBytes(file);
        assertThat(indexOf(content, token)).as(file.getFileName().toString()).isNegative();
      }
    }
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
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

    assertThat(db.schemaVersion()).isEqualTo(3);
    assertThat(new SqliteAccountStore(db).exists(token(9))).isTrue();
  }
}
