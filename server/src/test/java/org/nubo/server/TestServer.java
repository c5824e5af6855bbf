package org.nubo.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubo.core.verification.SmsGateway;

/**
 * A real server in plain-HTTP development mode on an ephemeral loopback port, with the one part
 * that stands outside the system (the carrier) replaced through its port by a recorder.
 */
final class TestServer implements AutoCloseable {
  record Sms(String to, String text) {}

  /** A device enrolled through the real verification flow. */
  record Device(String number, String deviceId, String secret, String token) {
    String basic() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((deviceId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final Pattern CODE = Pattern.compile("code is (\\d{6})");
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");

  final List<Sms> sent = new CopyOnWriteArrayList<>();
  final NuboServer server;
  final HttpClient http = HttpClient.newHttpClient();

  TestServer(Path dir) {
    this(dir, Map.of());
  }

  TestServer(Path dir, Map<String, String> settings) {
    this(dir, settings, (to, text) -> {});
  }

  /**
   * @param carrier called after each text is recorded, on the thread that sends it (a test may make
   *     the carrier slow)
   */
  TestServer(Path dir, Map<String, String> settings, SmsGateway carrier) {
    Map<String, String> env = new java.util.HashMap<>(settings);
    env.put("NUBO_SERVER_HOST", "127.0.0.1");
    env.put("NUBO_SERVER_PORT", "0");
    env.put("NUBO_ADMIN_PORT", "0");
    env.put("NUBO_SERVER_DATA_DIR", dir.toString());
    env.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", "true");
    env.putIfAbsent("NUBO_RELAY_DELIVERY_WINDOW_MS", "1000");
    SmsGateway gateway =
        (to, text) -> {
          sent.add(new Sms(to, text));
          carrier.send(to, text);
        };
    server =
        NuboServer.start(
            ServerConfig.load(null, env), gateway, () -> {}, Clock.systemUTC(), new SecureRandom());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The last code sent to {@code number}. */
  String lastCode(String number) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).to().equals(number)) {
        Matcher m = CODE.matcher(sent.get(i).text());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    throw new AssertionError("no code was sent to that number");
  }

  static String field(String json, String name) {
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no field " + name + " in " + json);
  }

  /** Turns messaging on for {@code number} through the real routes. */
  Device register(String number) throws Exception {
    HttpResponse<String> started =
        call("POST", "/v1/verification/sessions", "{\"number\":\"" + number + "\"}");
    if (started.statusCode() != 201) {
      throw new AssertionError("verification failed: " + started.body());
    }
    String session = field(started.body(), "sessionId");
    byte[] secretBytes = new byte[32];
    new SecureRandom().nextBytes(secretBytes);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
    String deviceId = UUID.randomUUID().toString();
    HttpResponse<String> registered =
        call(
            "POST",
            "/v1/registration",
            "{\"sessionId\":\""
                + session
                + "\",\"code\":\""
                + lastCode(number)
                + "\",\"deviceId\":\""
                + deviceId
                + "\",\"deviceSecret\":\""
                + secret
                + "\"}");
    if (registered.statusCode() != 200) {
      throw new AssertionError("registration failed: " + registered.body());
    }
    return new Device(number, deviceId, secret, field(registered.body(), "accountToken"));
  }

  /** Registers {@code key} as the device's account's delivery key (PUT /v1/delivery-key). */
  void registerDeliveryKey(Device device, byte[] key) throws Exception {
    HttpResponse<String> put =
        call(
            "PUT",
            "/v1/delivery-key",
            "{\"deliveryKey\":\"" + SignalBundles.b64(key) + "\"}",
            "Authorization",
            device.basic());
    if (put.statusCode() != 204) {
      throw new AssertionError("delivery key refused: " + put.body());
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
