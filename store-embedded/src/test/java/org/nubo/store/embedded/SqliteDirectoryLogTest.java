package org.nubo.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.core.accounts.Device;
import org.nubo.core.discovery.DirectoryLog;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryFilter;

class SqliteDirectoryLogTest {
  @TempDir Path dir;
  private SqliteDatabase db;
  private SqliteAccountStore accounts;
  private SqliteDirectoryLog log;

  @BeforeEach
  void open() {
    db = SqliteDatabase.open(dir.resolve("nubo.db"));
    accounts = new SqliteAccountStore(db);
    log = new SqliteDirectoryLog(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void turningMessagingOnAndOffIsLoggedInTheSameTransaction() {
    AccountToken alice = token(1);
    AccountToken bob = token(2);
    enrol(alice, "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11");
    enrol(bob, "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a12");
    accounts.disableMessaging(alice);

    DirectoryLog.Changes all = log.changesSince(0, 100);
    assertThat(all.version()).isEqualTo(3);
    assertThat(all.added()).containsExactly(DirectoryFilter.keyOf(bob));
    assertThat(all.removed()).containsExactly(DirectoryFilter.keyOf(alice));
    assertThat(log.registeredKeys().keys()).containsExactly(DirectoryFilter.keyOf(bob));
    assertThat(log.registeredKeys().version()).isEqualTo(3);
    assertThat(log.changesSince(0, 1).truncated()).isTrue();
    assertThat(db.schemaVersion()).isEqualTo(3);
  }

  @Test
  void pruningRaisesTheFloorAndKeepsTheVersionCounting() {
    enrol(token(1), "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11");
    enrol(token(2), "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a12");

    log.prune(2);
    enrol(token(3), "2f1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a13");

    assertThat(log.floor()).isEqualTo(2);
    assertThat(log.latestVersion()).isEqualTo(3);
    assertThat(log.changesSince(2, 10).added()).containsExactly(DirectoryFilter.keyOf(token(3)));
  }

  private void enrol(AccountToken account, String deviceId) {
    accounts.enrol(new Device(deviceId, account, new byte[32], Instant.EPOCH));
  }

  private static AccountToken token(int n) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) n;
    bytes[31] = (byte) 0xAB;
    return AccountToken.of(bytes);
  }
}
