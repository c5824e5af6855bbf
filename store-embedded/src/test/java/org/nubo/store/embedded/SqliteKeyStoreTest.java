package org.nubo.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.core.accounts.Device;
import org.nubo.core.keys.DeviceKeys;
import org.nubo.core.keys.KeyStoreContract;
import org.nubo.protocol.AccountToken;

class SqliteKeyStoreTest extends KeyStoreContract {
  @TempDir Path dir;
  private SqliteDatabase db;

  @Override
  protected Stores newEmptyStores() {
    db = SqliteDatabase.open(dir.resolve("nubo.db"));
    return new Stores(new SqliteAccountStore(db), new SqliteKeyStore(db));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void turningMessagingOffLeavesNoKeyBytesInTheDatabaseFiles() throws Exception {
    db.close();
    Stores stores = newEmptyStores();
    AccountToken account = token(50);
    String device = UUID.randomUUID().toString();
    stores.accounts().enrol(new Device(device, account, new byte[32], NOW));
    DeviceKeys keys = upload(5, 3, 3, 100);
    stores.keys().store(device, keys, NOW);
    byte[] deliveryHash = bytes(32, 77);
    stores.keys().putDeliveryKeyHash(account, deliveryHash);

    stores.accounts().disableMessaging(account);

    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        byte[] content = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        assertThat(SqliteAccountStoreTest.indexOf(content, keys.identityKey()))
            .as(name)
            .isNegative();
        assertThat(SqliteAccountStoreTest.indexOf(content, keys.signedPreKey().signature()))
            .as(name)
            .isNegative();
        assertThat(SqliteAccountStoreTest.indexOf(content, deliveryHash)).as(name).isNegative();
      }
    }
  }
}
