package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@code nubo demo} in a process of its own, stopped the way Ctrl+C or a service manager stops it
 * (a signal that runs the JVM's shutdown hooks): it ends, and its temporary folder, which holds the
 * phones' stores and the server's database, is gone, whether the signal comes while it runs or
 * while it is still starting.
 */
class DemoStopTest {
  private static final Pattern DATA_DIR = Pattern.compile("\\(data in (.+)\\)");
  private static final String STOPPING = "Stopping the phones, the server and the carrier ...";

  /** Everything the demo printed, for the failure messages. */
  private final List<String> output = new CopyOnWriteArrayList<>();

  private volatile @Nullable Thread drainer;

  @Test
  void aSignalStopsTheDemoAndDeletesItsTemporaryFolder() throws Exception {
    stopAndCheck(line -> line.contains("Press Ctrl+C"));

    assertThat(output).as("what the demo printed").contains(STOPPING);
  }

  @Test
  void aSignalWhileTheDemoStartsDeletesItsFolderToo() throws Exception {
    // The first line names the folder; the server, carrier and phones are still to come.
    stopAndCheck(line -> DATA_DIR.matcher(line).find());
  }

  /** Starts the demo, sends SIGTERM at the first line {@code signalAt} accepts, checks the end. */
  private void stopAndCheck(Predicate<String> signalAt) throws Exception {
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
      CompletableFuture<Path> reached =
          CompletableFuture.supplyAsync(() -> readUntil(demo, signalAt));
      Path dataDir = reached.get(90, TimeUnit.SECONDS);
      assertThat(dataDir).isDirectory();

      // SIGTERM: the shutdown hooks run, as on Ctrl+C. (Process.destroy() would send it too, but
      // would also close our end of the demo's output, and its last lines with it.)
      assertThat(demo.toHandle().destroy()).as("SIGTERM sent").isTrue();

      assertThat(demo.waitFor(30, TimeUnit.SECONDS)).as("the demo ended").isTrue();
      Objects.requireNonNull(drainer).join(Duration.ofSeconds(5)); // its last lines
      assertThat(Files.exists(dataDir))
          .as("the demo's folder is deleted; the demo printed:%n%s", String.join("\n", output))
          .isFalse();
    } finally {
      demo.destroyForcibly();
    }
  }

  /**
   * Reads the demo's output up to the first line {@code signalAt} accepts (once the data folder is
   * named), then leaves the rest to a thread that drains it, so the demo never blocks on a full
   * pipe. Keeps every line in {@link #output}; returns the data folder.
   */
  private Path readUntil(Process demo, Predicate<String> signalAt) {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    try {
      Path dataDir = null;
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
        Matcher m = DATA_DIR.matcher(line);
        if (m.find()) {
          dataDir = Path.of(m.group(1));
        }
        if (dataDir != null && signalAt.test(line)) {
          drainer = Thread.ofVirtual().start(() -> drain(out));
          return dataDir;
        }
      }
      throw new AssertionError(
          "the demo ended before the line to stop it at; it printed:\n"
              + String.join("\n", output));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void drain(BufferedReader out) {
    try (out) {
      String line;
      while ((line = out.readLine()) != null) {
        output.add(line);
      }
    } catch (IOException e) {
      // the demo ended
    }
  }
}
