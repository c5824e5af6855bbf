package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.SimulatedPhone;
import org.nubo.cli.demo.Tour;

/**
 * The whole system, as {@code nubo demo --tour} runs it: a real server with TLS and SQLite, the
 * SMPP carrier simulator, and three phones on the real SDK. Afterwards, the server's files and the
 * log are searched for the numbers, texts and device secrets that passed through.
 */
class TourTest {
  @TempDir Path dir;

  @Test
  void everyTourScenarioPassesAndTheServerKeepsNoPersonalData() throws Exception {
    List<String> printed = new ArrayList<>();
    List<Tour.Result> results;
    // A probe window longer than the server's 1 s default: scenario 1 needs Bob's phone to decrypt
    // the probe and answer it in time, which a slow machine may not do in 1 s.
    try (DemoWorld world = DemoWorld.start(dir, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
      for (DemoWorld.PhoneSpec spec : DemoCommand.PHONES) {
        world.addPhone(spec).turnMessagingOn(Duration.ofSeconds(20));
      }
      for (SimulatedPhone phone : world.phones()) {
        for (SimulatedPhone other : world.phones()) {
          if (other != phone) {
            phone.client().addContact(other.name(), other.number());
          }
        }
      }
      // Private contact discovery runs through the privacy scan below too.
      for (SimulatedPhone phone : world.phones()) {
        assertThat(phone.client().discoverContacts()).hasSize(world.phones().size() - 1);
      }
      results = new Tour(world, printed::add).run();

      // A tour stopped (Ctrl+C in nubo demo --tour) runs no further scenario.
      List<String> stoppedOutput = new ArrayList<>();
      List<Tour.Result> stopped = new Tour(world, stoppedOutput::add, () -> true).run();
      assertThat(stopped)
          .hasSize(4)
          .allSatisfy(r -> assertThat(r.outcome()).isEqualTo("not run: the tour was stopped"));
      assertThat(stoppedOutput)
          .containsOnlyOnce("Stopped: the scenarios from here on are not run.")
          .noneMatch(line -> line.contains("PASS") || line.contains("FAIL"));
    }

    assertThat(results).hasSize(4);
    assertThat(results)
        .as("tour output:%n%s", String.join("\n", printed))
        .allSatisfy(r -> assertThat(r.passed()).as(r.scenario() + ": " + r.outcome()).isTrue());

    PrivacyScan scan = new PrivacyScan();
    DemoCommand.PHONES.forEach(p -> scan.number(p.number()));
    List.of("Lunch at noon?", "Are you there?", "Call me when you land", "Gate B12, boarding now")
        .forEach(scan::text);
    deviceSecrets(dir.resolve("phones")).forEach(scan::text);
    assertThat(scan.needles()).hasSizeGreaterThan(20);

    List<Path> serverFiles =
        List.of(dir.resolve("server"), serverLog(dir.resolve("server-log.txt")));
    assertThat(dir.resolve("server/db/nubo.db")).exists();
    assertThat(scan.findIn(serverFiles)).isEmpty();
    // The scanner itself works: the phones' own stores do hold their numbers and texts.
    assertThat(scan.findIn(List.of(dir.resolve("phones")))).isNotEmpty();

    // Sealed sender: the server keeps no sender next to a recipient. Account tokens appear only
    // in the tables that define accounts (accounts, their devices, their delivery-key hashes),
    // and the log names no account at all.
    List<String> tokens = accountTokens(dir.resolve("phones"));
    assertThat(tokens).as("tokens of the phones still registered").hasSizeGreaterThanOrEqualTo(2);
    assertThat(
            PrivacyScan.tablesHolding(
                dir.resolve("server/db/nubo.db"),
                tokens,
                Set.of("accounts", "devices", "delivery_keys")))
        .isEmpty();
    PrivacyScan noTokens = new PrivacyScan();
    tokens.forEach(t -> PrivacyScan.tokenForms(t).forEach(noTokens::text));
    assertThat(noTokens.findIn(List.of(dir.resolve("server-log.txt")))).isEmpty();
  }

  /** The account tokens the phones were given (base64url), one per phone. */
  static List<String> accountTokens(Path phones) throws IOException {
    Pattern token = Pattern.compile("\"accountToken\"\\s*:\\s*\"([^\"]+)\"");
    Set<String> tokens = new java.util.LinkedHashSet<>();
    try (Stream<Path> files = Files.walk(phones)) {
      for (Path file : files.filter(f -> f.endsWith("state.json")).toList()) {
        Matcher m = token.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          tokens.add(m.group(1));
        }
      }
    }
    return List.copyOf(tokens);
  }

  /**
   * The server's share of the shared test log: every line except those of the phones' SDK, the
   * carrier simulator and the demo, which run in the same JVM and may know numbers legitimately.
   */
  static Path serverLog(Path into) throws IOException {
    List<String> lines =
        Files.readAllLines(Path.of("target/nubo-test.log"), StandardCharsets.UTF_8);
    List<String> server =
        lines.stream()
            .filter(
                l ->
                    !l.contains("logger=org.nubo.client")
                        && !l.contains("logger=org.nubo.carrier")
                        && !l.contains("logger=org.nubo.cli")
                        && !l.contains("logger=okhttp3"))
            .toList();
    assertThat(server).as("server log lines").isNotEmpty();
    Files.write(into, server, StandardCharsets.UTF_8);
    return into;
  }

  /** The secrets the phones hold: the server must have only their hashes. */
  static List<String> deviceSecrets(Path phones) throws IOException {
    Pattern secret = Pattern.compile("\"deviceSecret\"\\s*:\\s*\"([^\"]+)\"");
    List<String> secrets = new ArrayList<>();
    try (Stream<Path> files = Files.walk(phones)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        // Latin-1 reads any bytes: the Signal documents beside state.json are binary.
        Matcher m = secret.matcher(Files.readString(file, StandardCharsets.ISO_8859_1));
        while (m.find()) {
          secrets.add(m.group(1));
        }
      }
    }
    assertThat(secrets)
        .as("device secrets found in the phones' stores")
        .hasSizeGreaterThanOrEqualTo(2);
    return secrets;
  }
}
