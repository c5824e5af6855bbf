package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code nubo demo} in a process of its own, stopped the way Ctrl+C or a service manager stops it
 * (a signal that runs the JVM's shutdown hooks): it ends, and its temporary folder, which holds the
 * phones' stores and the server's database, is gone.
 */
class DemoStopTest {
  private static final Pattern DATA_DIR = Pattern.compile("\\(data in (.+)\\)");

  @Test
  void aSignalStopsTheDemoAndDeletesItsTemporaryFolder() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo =
        new ProcessBuilder(
                List.of(
                    java,
                    "--enable-native-access=ALL-UNNAMED",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "demo",
                    "--web-port",
                    "0"))
            .redirectErrorStream(true)
            .start();
    try {
      CompletableFuture<Path> running = CompletableFuture.supplyAsync(() -> readUntilReady(demo));
      Path dataDir = running.get(90, TimeUnit.SECONDS);
      assertThat(dataDir).isDirectory();

      demo.destroy(); // SIGTERM: the shutdown hooks run, as on Ctrl+C

      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo ended").isTrue();
      assertThat(Files.exists(dataDir)).as("the demo's folder is deleted").isFalse();
    } finally {
      demo.destroyForcibly();
    }
  }

  /**
   * Reads the demo's output until it says it runs, then leaves the rest to a thread that drains it
   * (so the demo never blocks on a full pipe); returns the data folder the demo named.
   */
  private static Path readUntilReady(Process demo) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    try {
      Path dataDir = null;
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = DATA_DIR.matcher(line);
        if (m.find()) {
          dataDir = Path.of(m.group(1));
        }
        if (line.contains("Press Ctrl+C") && dataDir != null) {
          Thread.ofVirtual().start(() -> drain(out));
          return dataDir;
        }
      }
      throw new AssertionError("the demo ended before it was ready");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void drain(BufferedReader out) {
    try (out) {
      while (out.readLine() != null) {
        // discarded
      }
    } catch (IOException e) {
      // the demo ended
    }
  }
}
