package org.nubo.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.StorageException;
import org.nubo.server.http.HttpFront;
import org.nubo.server.http.Router;

/**
 * A WebSocket upgrade while storage cannot answer once escaped the error table (only core
 * exceptions were caught) and became the HTTP library's own 500 page; it gets the same 503
 * storage_unavailable JSON as the REST routes.
 */
class UpgradeStorageFailureTest {
  private final PlaneFixture core = new PlaneFixture();

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void anUpgradeWhileStorageIsDownGetsA503FromTheErrorTable() {
    AccountStore down =
        (AccountStore)
            Proxy.newProxyInstance(
                AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class},
                (proxy, method, args) -> {
                  throw new StorageException("a SQLite query failed", new RuntimeException());
                });
    Accounts accounts = new Accounts(down, Clock.systemUTC());
    Upgrades upgrades = new Upgrades(accounts, core.plane(accounts::isEnrolled));
    HttpFront front = new HttpFront(new Router(), JsonMapper.builder().build(), a -> "key");
    String authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    "8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11:AAAA".getBytes(StandardCharsets.UTF_8));

    RuntimeException refused = catchRuntimeException(() -> upgrades.admit(authorization));
    HttpFront.Answer answer = front.refused(refused);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.headers()).containsEntry("Content-Type", "application/json");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8))
        .contains("\"storage_unavailable\"")
        .doesNotContain("8d1f7a8e");
    assertThat(core.connections.count()).isZero();
  }
}
