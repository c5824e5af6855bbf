package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.crypto.oprf.DleqProof;
import org.nubo.crypto.oprf.EvaluatedElement;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfEvaluation;
import org.nubo.crypto.oprf.OprfPublicKey;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;

/** The discovery routes, end to end over HTTP: good answers, bad input, limits, the filter. */
class DiscoveryRoutesTest {
  private static final String ALICE = "+14155550101";
  private static final String BOB = "+14155550102";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern STRING = Pattern.compile("\"([A-Za-z0-9_-]{40,})\"");

  @TempDir Path dir;
  private TestServer test;

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void aBlindedNumberComesBackAsTheTokenTheServerKeysTheAccountBy() throws Exception {
    test = new TestServer(dir);
    TestServer.Device alice = test.register(ALICE);
    TestServer.Device bob = test.register(BOB);
    OprfPublicKey key =
        OprfPublicKey.fromBytes(
            Base64.getUrlDecoder()
                .decode(
                    TestServer.field(test.call("GET", "/v1/config", "").body(), "oprfPublicKey")));
    OprfClient phone = new OprfClient(key, new SecureRandom());
    OprfClient.Blinded state = phone.blind(ALICE.getBytes(StandardCharsets.US_ASCII));

    HttpResponse<String> r =
        test.call(
            "POST",
            "/v1/directory/evaluate",
            "{\"blindedElements\":[\""
                + B64.encodeToString(state.blindedElement().toByteArray())
                + "\"]}",
            "Authorization",
            bob.basic());

    assertThat(r.statusCode()).isEqualTo(200);
    List<String> values = strings(r.body());
    byte[] output =
        phone.finalizeOutput(
            state,
            new OprfEvaluation(
                List.of(EvaluatedElement.fromBytes(Base64.getUrlDecoder().decode(values.get(0)))),
                DleqProof.fromBytes(Base64.getUrlDecoder().decode(values.get(1)))));
    assertThat(AccountToken.fromOprfOutput(output).text()).isEqualTo(alice.token());
  }

  @Test
  void badEvaluationRequestsGetAStableCodeAndAMessage() throws Exception {
    test = new TestServer(dir);
    TestServer.Device bob = test.register(BOB);
    String identity = B64.encodeToString(new byte[32]);
    byte[] ff = new byte[32];
    java.util.Arrays.fill(ff, (byte) 0xff);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      many.add("\"" + identity + "\"");
    }
    Map<String, String> cases =
        Map.of(
            "{\"blindedElements\":[]}",
            "empty_batch",
            "{\"blindedElements\":[" + String.join(",", many) + "]}",
            "batch_too_large",
            "{\"blindedElements\":[\"not base64!\"]}",
            "invalid_element",
            "{\"blindedElements\":[\"" + identity + "\"]}",
            "invalid_element",
            "{\"blindedElements\":[\"" + B64.encodeToString(ff) + "\"]}",
            "invalid_element",
            "{\"blindedElements\":[\"AAAA\"]}",
            "invalid_element",
            "{\"blindedElements\":\"x\"}",
            "malformed_json",
            "",
            "missing_body");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      HttpResponse<String> r =
          test.call("POST", "/v1/directory/evaluate", c.getKey(), "Authorization", bob.basic());
      assertThat(r.statusCode()).as(c.getValue()).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"" + c.getValue() + "\"").contains("\"message\"");
    }
    assertThat(test.call("POST", "/v1/directory/evaluate", "{\"blindedElements\":[]}").statusCode())
        .isEqualTo(401);
    assertThat(
            test.call("GET", "/v1/directory/filter?since=x", "", "Authorization", bob.basic())
                .body())
        .contains("invalid_version");
    assertThat(
            test.call("GET", "/v1/directory/filter?since=-1", "", "Authorization", bob.basic())
                .statusCode())
        .isEqualTo(400);
    assertThat(
            test.call("GET", "/v1/directory/filter?since=1%2B1", "", "Authorization", bob.basic())
                .body())
        .contains("invalid_version");
    assertThat(test.call("GET", "/v1/directory/filter", "").statusCode()).isEqualTo(401);
  }

  @Test
  void evaluationsOverTheAccountsAllowanceAre429WithRetryAfter() throws Exception {
    test = new TestServer(dir, Map.of("NUBO_LIMITS_EVALUATIONS_PER_ACCOUNT_CAPACITY", "2"));
    TestServer.Device bob = test.register(BOB);
    // Any key will do: the answer is not finalized here.
    OprfClient phone =
        new OprfClient(OprfServerKey.generate(new SecureRandom()).publicKey(), new SecureRandom());
    String element = B64.encodeToString(phone.blind(new byte[] {1}).blindedElement().toByteArray());
    String body = "{\"blindedElements\":[\"" + element + "\",\"" + element + "\"]}";

    assertThat(
            test.call("POST", "/v1/directory/evaluate", body, "Authorization", bob.basic())
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> limited =
        test.call("POST", "/v1/directory/evaluate", body, "Authorization", bob.basic());

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.body()).contains("evaluations_per_account");
  }

  @Test
  void theFilterHoldsRegisteredAccountsAndDeltasFollowRegistrationsAndMessagingOff()
      throws Exception {
    test = new TestServer(dir);
    TestServer.Device alice = test.register(ALICE);

    HttpResponse<byte[]> first = filter(alice, "");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElseThrow())
        .isEqualTo("application/vnd.nubo.directory-update");
    DirectoryUpdate full = DirectoryUpdate.decode(first.body());
    assertThat(full.isFull()).isTrue();
    assertThat(mayContain(full, alice.token())).isTrue();
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + full.version() + "\"");

    assertThat(filter(alice, "?since=" + full.version()).statusCode()).isEqualTo(304);
    assertThat(filter(alice, "", "If-None-Match", etag).statusCode()).isEqualTo(304);

    TestServer.Device bob = test.register(BOB);
    DirectoryUpdate added =
        DirectoryUpdate.decode(filter(alice, "?since=" + full.version()).body());
    assertThat(added.isFull()).isFalse();
    assertThat(added.added())
        .containsExactly(DirectoryFilter.keyOf(AccountToken.parse(bob.token())));

    test.call("DELETE", "/v1/messaging", "", "Authorization", bob.basic());
    DirectoryUpdate removed =
        DirectoryUpdate.decode(filter(alice, "?since=" + added.version()).body());
    assertThat(removed.removed())
        .containsExactly(DirectoryFilter.keyOf(AccountToken.parse(bob.token())));
  }

  private HttpResponse<byte[]> filter(TestServer.Device device, String query, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(test.uri("/v1/directory/filter" + query))
            .header("Authorization", device.basic())
            .GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return test.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static boolean mayContain(DirectoryUpdate update, String token) {
    long key = DirectoryFilter.keyOf(AccountToken.parse(token));
    boolean removed = false;
    for (long k : update.removed()) {
      removed |= k == key;
    }
    for (long k : update.added()) {
      if (k == key) {
        return true;
      }
    }
    return !removed && update.filter().mayContain(key);
  }

  private static List<String> strings(String json) {
    List<String> found = new ArrayList<>();
    Matcher m = STRING.matcher(json);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
