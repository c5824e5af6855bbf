package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.protocol.api.KeyUpload;
import org.signal.libsignal.metadata.certificate.CertificateValidator;
import org.signal.libsignal.metadata.certificate.SenderCertificate;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/** The key directory's routes on the real server, with real libsignal keys and bad input. */
class KeyRoutesTest {
  @TempDir Path dir;
  private TestServer test;
  private TestServer.Device alice;
  private TestServer.Device bob;
  private final SignalBundles bobKeys = new SignalBundles();

  @BeforeEach
  void start() throws Exception {
    test = new TestServer(dir);
    alice = test.register("+14155550101");
    bob = test.register("+14155550102");
  }

  @AfterEach
  void stop() {
    test.close();
  }

  private HttpResponse<String> upload(TestServer.Device device, Object body) throws Exception {
    return test.call("PUT", "/v1/keys", SignalBundles.json(body), "Authorization", device.basic());
  }

  @Test
  void uploadedKeysAreServedAsBundlesAndCounted() throws Exception {
    assertThat(upload(bob, bobKeys.upload(2, 1)).statusCode()).isEqualTo(204);

    List<JsonNode> bundles = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r =
          test.call("GET", "/v1/keys/" + bob.token(), "", "Authorization", alice.basic());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      bundles.add(SignalBundles.JSON.readTree(r.body()));
    }

    assertThat(bundles.get(0).path("identityKey").asText())
        .isEqualTo(SignalBundles.b64(bobKeys.identityKey()));
    assertThat(bundles.get(0).path("deviceId").asInt()).isEqualTo(1);
    assertThat(bundles.stream().map(b -> b.path("preKey").path("keyId").asInt(-1)))
        .containsExactly(100, 101, -1);
    assertThat(bundles.stream().map(b -> b.path("kyberPreKey").path("keyId").asInt()))
        .containsExactly(200, 9, 9);
    JsonNode status =
        SignalBundles.JSON.readTree(
            test.call("GET", "/v1/keys/status", "", "Authorization", bob.basic()).body());
    assertThat(status.path("preKeys").asInt()).isZero();
    assertThat(status.path("signedPreKeyId").asInt()).isEqualTo(1);
  }

  @Test
  void badUploadsGetClearErrorsAndTheKeysOnFileStayServed() throws Exception {
    upload(bob, bobKeys.upload(3, 1));
    KeyUpload good = bobKeys.upload(1, 1);
    String identity = good.identityKey();

    expect(
        upload(
            bob,
            new KeyUpload(
                7,
                SignalBundles.b64(new byte[33]),
                good.signedPreKey(),
                good.lastResortKyberPreKey(),
                List.of(),
                List.of())),
        400,
        "bad_key");
    KeyUpload.SignedPreKey forged =
        new KeyUpload.SignedPreKey(
            2, good.signedPreKey().publicKey(), SignalBundles.b64(new byte[64]));
    expect(
        upload(
            bob,
            new KeyUpload(7, identity, forged, good.lastResortKyberPreKey(), List.of(), List.of())),
        400,
        "bad_signature");
    expect(
        upload(
            bob,
            new KeyUpload(
                7,
                identity,
                good.signedPreKey(),
                good.lastResortKyberPreKey(),
                List.of(new KeyUpload.PreKey(5, "not base64 !!")),
                List.of())),
        400,
        "bad_key");
    expect(upload(bob, bobKeys.upload(101, 0)), 400, "too_many_keys");
    // EC id 100 is already on file from the first upload.
    expect(upload(bob, bobKeys.upload(1, 0)), 400, "duplicate_key_id");
    expect(upload(bob, new SignalBundles().upload(0, 0)), 409, "identity_mismatch");
    expect(upload(bob, bobKeys.upload(0, 30)), 413, "body_too_large");
    expect(
        test.call("PUT", "/v1/keys", "{\"registrationId\":1}", "Authorization", bob.basic()),
        400,
        "malformed_json");
    expect(test.call("PUT", "/v1/keys", SignalBundles.json(good)), 401, "bad_credentials");

    HttpResponse<String> served =
        test.call("GET", "/v1/keys/" + bob.token(), "", "Authorization", alice.basic());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).contains(identity);
  }

  @Test
  void aDeliveryTokenStandsInForACredentialAndNoAccountLooksLikeNoKeys() throws Exception {
    upload(bob, bobKeys.upload(2, 2));
    byte[] key = new byte[16];
    key[3] = 9;
    String token = SignalBundles.b64(key);

    expect(
        test.call("GET", "/v1/keys/" + bob.token(), "", "Nubo-Delivery-Token", token),
        401,
        "bad_delivery_token");
    expect(
        test.call(
            "PUT",
            "/v1/delivery-key",
            "{\"deliveryKey\":\"" + SignalBundles.b64(new byte[15]) + "\"}",
            "Authorization",
            bob.basic()),
        400,
        "bad_delivery_key");
    assertThat(
            test.call(
                    "PUT",
                    "/v1/delivery-key",
                    "{\"deliveryKey\":\"" + token + "\"}",
                    "Authorization",
                    bob.basic())
                .statusCode())
        .isEqualTo(204);

    assertThat(
            test.call("GET", "/v1/keys/" + bob.token(), "", "Nubo-Delivery-Token", token)
                .statusCode())
        .isEqualTo(200);
    expect(
        test.call(
            "GET",
            "/v1/keys/" + bob.token(),
            "",
            "Nubo-Delivery-Token",
            SignalBundles.b64(new byte[16])),
        401,
        "bad_delivery_token");
    expect(test.call("GET", "/v1/keys/" + bob.token(), ""), 401, "bad_credentials");
    HttpResponse<String> noKeys =
        test.call("GET", "/v1/keys/" + alice.token(), "", "Authorization", bob.basic());
    HttpResponse<String> noAccount =
        test.call("GET", "/v1/keys/" + "A".repeat(43), "", "Authorization", bob.basic());
    assertThat(noKeys.statusCode()).isEqualTo(404);
    assertThat(noAccount.body()).isEqualTo(noKeys.body());
    expect(
        test.call("GET", "/v1/keys/not-a-token", "", "Authorization", bob.basic()),
        400,
        "bad_token");
  }

  @Test
  void aSenderCertificateNeedsKeysAndValidatesUnderThePublishedRoot() throws Exception {
    expect(
        test.call("GET", "/v1/certificate/sender", "", "Authorization", bob.basic()),
        409,
        "no_identity_key");
    upload(bob, bobKeys.upload(1, 1));

    HttpResponse<String> r =
        test.call("GET", "/v1/certificate/sender", "", "Authorization", bob.basic());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = SignalBundles.JSON.readTree(r.body());
    SenderCertificate certificate =
        new SenderCertificate(Base64.getUrlDecoder().decode(body.path("certificate").asText()));
    String root =
        SignalBundles.JSON
            .readTree(test.call("GET", "/v1/config", "").body())
            .path("sealedSenderRoot")
            .asText();
    new CertificateValidator(new ECPublicKey(Base64.getUrlDecoder().decode(root)))
        .validate(certificate, System.currentTimeMillis());
    assertThat(certificate.getSender()).isEqualTo(bob.token());
    assertThat(certificate.getSenderDeviceId()).isEqualTo(1);
    assertThat(body.path("expiresAt").asLong() - System.currentTimeMillis())
        .isBetween(23 * 3600_000L, 24 * 3600_000L);
    for (String file :
        List.of(
            SealedSenderKeys.ROOT,
            SealedSenderKeys.ROOT_PUBLIC,
            SealedSenderKeys.SIGNER,
            SealedSenderKeys.CERTIFICATE)) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("keys").resolve(file)).toString())
          .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    }
  }

  @Test
  void turningMessagingOffErasesTheKeysFromTheDatabaseFiles() throws Exception {
    upload(bob, bobKeys.upload(3, 2));
    test.call(
        "PUT",
        "/v1/delivery-key",
        "{\"deliveryKey\":\"" + SignalBundles.b64(new byte[16]) + "\"}",
        "Authorization",
        bob.basic());

    assertThat(test.call("DELETE", "/v1/messaging", "", "Authorization", bob.basic()).statusCode())
        .isEqualTo(204);

    byte[] identity = bobKeys.identityKey();
    try (Stream<Path> files = Files.list(dir.resolve("db"))) {
      for (Path file : files.toList()) {
        assertThat(indexOf(Files.readAllBytes(file), identity))
            .as(file.getFileName().toString())
            .isNegative();
      }
    }
    expect(
        test.call("GET", "/v1/keys/" + bob.token(), "", "Authorization", alice.basic()),
        404,
        "no_keys");
  }

  static void expect(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"message\":\"");
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
}
