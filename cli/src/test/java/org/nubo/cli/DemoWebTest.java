package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.cli.demo.Await;
import org.nubo.cli.demo.DemoWeb;
import org.nubo.cli.demo.DemoWorld;

/**
 * The demo page's JSON API, driven the way the page drives it: a phone with SMS fallback off holds
 * a text to a non-user back, shows why, and sends it as an SMS (marked "in clear") when asked.
 */
class DemoWebTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void fallbackSwitchHoldsATextBackUntilTheUserSendsItAsSms() throws Exception {
    try (DemoWorld world = DemoWorld.start(dir, Duration.ofSeconds(1));
        DemoWeb web = new DemoWeb(world, 0)) {
      world.addPhone(new DemoWorld.PhoneSpec("Ana", "+14155550131"));
      world.addPhone(new DemoWorld.PhoneSpec("Ben", "+14155550132"));

      assertThat(get(web, "api/state").at("/phones/0/smsFallback").asBoolean()).isTrue();
      assertThat(post(web, "api/phones/0/fallback", "{\"on\":false}").statusCode()).isEqualTo(200);
      assertThat(get(web, "api/state").at("/phones/0/smsFallback").asBoolean()).isFalse();

      post(web, "api/phones/0/send", "{\"to\":\"+14155550132\",\"text\":\"held back\"}");
      JsonNode held =
          Await.until(
              "the text to fail",
              PATIENCE,
              () -> {
                JsonNode m = get(web, "api/state").at("/phones/0/outbox/0");
                return m.path("state").asText().equals("FAILED")
                    ? java.util.Optional.of(m)
                    : java.util.Optional.empty();
              });
      assertThat(held.path("failure").asText()).isEqualTo("SMS_FALLBACK_OFF");
      assertThat(held.path("clear").asBoolean()).isFalse();
      assertThat(world.carrier().stats().submitted()).isZero();

      post(web, "api/phones/0/retry", "{\"id\":\"" + held.path("id").asText() + "\"}");
      Await.until(
          "Ben to get it by SMS",
          PATIENCE,
          () -> get(web, "api/state").at("/phones/1/inbox/0/clear").asBoolean());
      JsonNode sent = get(web, "api/state").at("/phones/0/outbox/0");
      assertThat(sent.path("state").asText()).isEqualTo("SENT_SMS");
      assertThat(sent.path("clear").asBoolean()).isTrue();
      assertThat(get(web, "api/state").at("/phones/1/inbox/0/text").asText())
          .isEqualTo("held back");

      HttpResponse<String> bad = post(web, "api/phones/0/retry", "{\"id\":\"not-hex\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(json.readTree(bad.body()).path("error").asText()).isNotBlank();
    }
  }

  private JsonNode get(DemoWeb web, String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(web.url() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      return json.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(DemoWeb web, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(web.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
