package org.nubo.bench;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nubo.carrier.PhoneConfig;
import org.nubo.carrier.SimulatedSmsTransport;

/**
 * Turns messaging on for many devices through the real routes, reading each verification code the
 * way a phone does: bound to the carrier simulator as that number over SMPP. The server gets no
 * test hook. Devices go to a file and are reused by later runs, because each registration costs an
 * SMPP bind and two requests and an enrolled device stays valid across server restarts.
 */
final class Enrollment {
  private static final Pattern CODE = Pattern.compile("code is (\\d{6})");
  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":\"([^\"]*)\"");
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

  private final URI server;
  private final int carrierPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final SecureRandom random = new SecureRandom();

  Enrollment(URI server, int carrierPort) {
    this.server = server;
    this.carrierPort = carrierPort;
  }

  /** The devices in {@code file}, or none if it does not exist yet. */
  static List<Device> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> !line.isBlank())
          .map(Device::fromLine)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Enrols devices until {@code file} holds {@code wanted}, {@code parallel} at a time, appending
   * each as soon as it is registered so that an interrupted run keeps what it did.
   */
  void enrollUpTo(Path file, int wanted, int parallel) throws InterruptedException {
    int have = read(file).size();
    if (have >= wanted) {
      System.out.printf("%d devices already enrolled in %s%n", have, file);
      return;
    }
    ServerRig.ensureParent(file);
    long start = System.nanoTime();
    Semaphore permits = new Semaphore(parallel);
    List<Future<Device>> pending = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = have; i < wanted; i++) {
        int index = i;
        permits.acquire();
        pending.add(
            threads.submit(
                () -> {
                  try {
                    Device device = enroll(number(index));
                    append(file, device);
                    return device;
                  } finally {
                    permits.release();
                  }
                }));
        if ((i + 1) % 1000 == 0) {
          System.out.printf(
              "  %d enrolled, %.0f/s%n", i + 1 - have, (i + 1 - have) / seconds(start));
        }
      }
      for (Future<Device> each : pending) {
        try {
          each.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("enrolment failed: " + e.getCause(), e.getCause());
        }
      }
    }
    System.out.printf(
        "enrolled %d devices in %.1f s (%d in %s)%n", wanted - have, seconds(start), wanted, file);
  }

  /** Distinct valid US numbers, +1 415 200-0000 upwards. */
  static String number(int index) {
    return String.format("+1415%07d", 2_000_000 + index);
  }

  private Device enroll(String number) throws Exception {
    CompletableFuture<String> code = new CompletableFuture<>();
    try (SimulatedSmsTransport phone =
        new SimulatedSmsTransport(
            PhoneConfig.of("127.0.0.1", carrierPort, number),
            sms -> {
              Matcher m = CODE.matcher(sms.text());
              if (m.find()) {
                code.complete(m.group(1));
              }
            })) {
      if (!phone.awaitBound(STEP_TIMEOUT)) {
        throw new IllegalStateException("the phone could not bind to the carrier");
      }
      String session =
          field(
              post("/v1/verification/sessions", "{\"number\":\"" + number + "\"}", 201),
              "sessionId");
      byte[] secretBytes = new byte[32];
      random.nextBytes(secretBytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
      String deviceId = UUID.randomUUID().toString();
      String received;
      try {
        received = code.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new IllegalStateException("no verification code reached the phone", e);
      }
      String registered =
          post(
              "/v1/registration",
              "{\"sessionId\":\""
                  + session
                  + "\",\"code\":\""
                  + received
                  + "\",\"deviceId\":\""
                  + deviceId
                  + "\",\"deviceSecret\":\""
                  + secret
                  + "\"}",
              200);
      return new Device(
          deviceId,
          secret,
          ByteString.copyFrom(Base64.getUrlDecoder().decode(field(registered, "accountToken"))));
    }
  }

  private String post(String path, String body, int expected) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.resolve(path))
                .timeout(STEP_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          "POST " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static String field(String json, String name) {
    Matcher m = FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new IllegalStateException("no field " + name + " in " + json);
  }

  private static synchronized void append(Path file, Device device) throws IOException {
    Files.writeString(
        file,
        device.toLine() + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
