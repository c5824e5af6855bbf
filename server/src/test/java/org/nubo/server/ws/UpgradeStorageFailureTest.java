package org.nubo.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.StorageException;

/**
 * A WebSocket upgrade while storage cannot answer escaped the error table (only core exceptions
 * were caught) and became Jetty's own 500 page; it now gets the same 503 storage_unavailable JSON
 * as the REST routes.
 */
class UpgradeStorageFailureTest {
  private final PlaneFixture core = new PlaneFixture();

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void anUpgradeWhileStorageIsDownGetsA503FromTheErrorTable() throws Exception {
    AccountStore down =
        (AccountStore)
            Proxy.newProxyInstance(
                AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class},
                (proxy, method, args) -> {
                  throw new StorageException("a SQLite query failed", new RuntimeException());
                });
    Accounts accounts = new Accounts(down, Clock.systemUTC());
    DataPlane plane = core.plane(accounts::isEnrolled);
    Upgrades upgrades = new Upgrades(accounts, plane, JsonMapper.builder().build());

    HttpFields requestHeaders =
        HttpFields.build()
            .put(
                HttpHeader.AUTHORIZATION,
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            "8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11:AAAA"
                                .getBytes(StandardCharsets.UTF_8)));
    ServerUpgradeRequest request =
        (ServerUpgradeRequest)
            Proxy.newProxyInstance(
                ServerUpgradeRequest.class.getClassLoader(),
                new Class<?>[] {ServerUpgradeRequest.class},
                (proxy, method, args) ->
                    method.getName().equals("getHeaders") ? requestHeaders : null);
    AtomicInteger status = new AtomicInteger();
    AtomicReference<String> body = new AtomicReference<>("");
    HttpFields.Mutable responseHeaders = HttpFields.build();
    ServerUpgradeResponse response =
        (ServerUpgradeResponse)
            Proxy.newProxyInstance(
                ServerUpgradeResponse.class.getClassLoader(),
                new Class<?>[] {ServerUpgradeResponse.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "setStatus" -> status.set((Integer) args[0]);
                    case "getHeaders" -> {
                      return responseHeaders;
                    }
                    case "write" -> {
                      ByteBuffer bytes = (ByteBuffer) args[1];
                      body.set(StandardCharsets.UTF_8.decode(bytes).toString());
                    }
                    default -> {}
                  }
                  return null;
                });

    Object socket = upgrades.negotiate(request, response, Callback.NOOP);

    assertThat(socket).isNull();
    assertThat(status.get()).isEqualTo(503);
    assertThat(body.get()).contains("storage_unavailable");
    assertThat(responseHeaders.get(HttpHeader.CONTENT_TYPE)).isEqualTo("application/json");
  }
}
