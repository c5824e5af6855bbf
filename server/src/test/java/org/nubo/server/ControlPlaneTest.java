package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on the REST routes gets a clear status, code and message, and loses nothing. */
class ControlPlaneTest {
  private static final String ALICE = "+14155550101";

  @TempDir Path dir;
  private TestServer test;

  @BeforeEach
  void start() {
    test = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    test.close();
  }

  @Test
  void anInvalidNumberIsRefusedWithAnExample() throws Exception {
    for (String number :
        new String[] {
          "12345", "not a number", "+999123", "4155550101", "+1415555010199999999999"
        }) {
      HttpResponse<String> r =
          test.call("POST", "/v1/verification/sessions", "{\"number\":\"" + number + "\"}");
      assertThat(r.statusCode()).as(number).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"invalid_number\"").contains("+14155550101");
    }
    assertThat(test.sent).isEmpty();
  }

  @Test
  void malformedOrMissingBodiesAreRefused() throws Exception {
    assertThat(test.call("POST", "/v1/verification/sessions", "{nope").body())
        .contains("malformed_json");
    assertThat(test.call("POST", "/v1/verification/sessions", "{}").body())
        .contains("malformed_json");
    assertThat(test.call("POST", "/v1/verification/sessions", "").body()).contains("missing_body");
    HttpResponse<String> huge =
        test.call("POST", "/v1/registration", "{\"x\":\"" + "a".repeat(70_000) + "\"}");
    assertThat(huge.statusCode()).isEqualTo(413);
  }

  @Test
  void wrongCodesCountDownAndTheFifthEndsTheSession() throws Exception {
    String session =
        TestServer.field(
            test.call("POST", "/v1/verification/sessions", "{\"number\":\"" + ALICE + "\"}").body(),
            "sessionId");
    String body =
        "{\"sessionId\":\""
            + session
            + "\",\"code\":\"000000\",\"deviceId\":\"8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11\",\"deviceSecret\":\""
            + "A".repeat(43)
            + "\"}";
    String right = test.lastCode(ALICE);
    if (right.equals("000000")) {
      body = body.replace("000000", "111111");
    }
    for (int i = 1; i <= 4; i++) {
      HttpResponse<String> r = test.call("POST", "/v1/registration", body);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body())
          .contains("wrong_code")
          .contains((5 - i) + (5 - i == 1 ? " try" : " tries"));
    }
    HttpResponse<String> fifth = test.call("POST", "/v1/registration", body);
    assertThat(fifth.statusCode()).isEqualTo(410);
    HttpResponse<String> evenTheRightOne =
        test.call(
            "POST", "/v1/registration", body.replace("000000", right).replace("111111", right));
    assertThat(evenTheRightOne.statusCode()).isEqualTo(404);
  }

  @Test
  void aMalformedDeviceCredentialDoesNotSpendTheCode() throws Exception {
    String session =
        TestServer.field(
            test.call("POST", "/v1/verification/sessions", "{\"number\":\"" + ALICE + "\"}").body(),
            "sessionId");
    String good =
        "{\"sessionId\":\""
            + session
            + "\",\"code\":\""
            + test.lastCode(ALICE)
            + "\",\"deviceId\":\"8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11\",\"deviceSecret\":\""
            + "A".repeat(43)
            + "\"}";

    HttpResponse<String> badId =
        test.call("POST", "/v1/registration", good.replace("8d1f7a8e-", "not-a-uuid-"));
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("invalid_device_id");
    HttpResponse<String> badSecret =
        test.call("POST", "/v1/registration", good.replace("A".repeat(43), "short"));
    assertThat(badSecret.statusCode()).isEqualTo(400);
    assertThat(badSecret.body()).contains("invalid_device_secret");

    assertThat(test.call("POST", "/v1/registration", good).statusCode()).isEqualTo(200);
  }

  @Test
  void aCodeWorksOnceAndAResendTooSoonSaysWhenToRetry() throws Exception {
    HttpResponse<String> started =
        test.call("POST", "/v1/verification/sessions", "{\"number\":\"" + ALICE + "\"}");
    String session = TestServer.field(started.body(), "sessionId");

    HttpResponse<String> resend =
        test.call("POST", "/v1/verification/sessions/" + session + "/resend", "");
    assertThat(resend.statusCode()).isEqualTo(429);
    assertThat(resend.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));

    String body =
        "{\"sessionId\":\""
            + session
            + "\",\"code\":\""
            + test.lastCode(ALICE)
            + "\",\"deviceId\":\"8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11\",\"deviceSecret\":\""
            + "A".repeat(43)
            + "\"}";
    assertThat(test.call("POST", "/v1/registration", body).statusCode()).isEqualTo(200);
    assertThat(test.call("POST", "/v1/registration", body).statusCode()).isEqualTo(404);
  }

  @Test
  void badCredentialsAreRefusedAlikeAndTheServerServesOthers() throws Exception {
    TestServer.Device alice = test.register(ALICE);
    String[] bad = {
      "Basic",
      "Basic !!!",
      "Bearer x",
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  (alice.deviceId() + ":wrong").getBytes(java.nio.charset.StandardCharsets.UTF_8))
    };
    for (String header : bad) {
      HttpResponse<String> r = test.call("GET", "/v1/account", "", "Authorization", header);
      assertThat(r.statusCode()).as(header).isEqualTo(401);
      assertThat(r.body()).contains("bad_credentials");
    }
    HttpResponse<String> good = test.call("GET", "/v1/account", "", "Authorization", alice.basic());
    assertThat(good.statusCode()).isEqualTo(200);
    assertThat(good.body()).contains(alice.token()).contains("\"messaging\":true");
  }

  @Test
  void unknownRoutesAndMethodsAreNamed() throws Exception {
    assertThat(test.call("GET", "/v1/nothing", "").statusCode()).isEqualTo(404);
    assertThat(test.call("GET", "/v1/nothing", "").body()).contains("no_such_route");
    assertThat(test.call("PUT", "/v1/registration", "").statusCode()).isEqualTo(405);
  }

  @Test
  void turningMessagingOffForgetsTheDeviceAndTheAccount() throws Exception {
    TestServer.Device alice = test.register(ALICE);
    TestServer.Device bob = test.register("+14155550102");

    assertThat(
            test.call("DELETE", "/v1/messaging", "", "Authorization", alice.basic()).statusCode())
        .isEqualTo(204);

    assertThat(test.call("GET", "/v1/account", "", "Authorization", alice.basic()).statusCode())
        .isEqualTo(401);
    assertThat(test.call("GET", "/v1/account", "", "Authorization", bob.basic()).statusCode())
        .isEqualTo(200);
  }
}
