package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;

/** {@code nubo keys} as an operator types it, on the data folder of a real TLS server. */
class KeysCommandTest {
  @TempDir Path dir;
  @TempDir Path offline;

  private record Run(int exit, String out, String err) {}

  @Test
  void showPrintsTheBuilderLinesThenTheRootMovesOfflineAndTheSignerRotates() {
    String pin;
    try (NuboServer server =
        NuboServer.start(
            ServerConfig.load(
                null,
                Map.of(
                    "NUBO_SERVER_HOST", "127.0.0.1",
                    "NUBO_SERVER_PORT", "0",
                    "NUBO_ADMIN_PORT", "0",
                    "NUBO_SERVER_DATA_DIR", dir.toString())),
            (to, text) -> {},
            () -> {},
            Clock.systemUTC(),
            new SecureRandom())) {
      pin = server.pin().orElseThrow().text();
    }

    Run shown = nubo("keys", "show", "--data-dir", dir.toString());
    assertThat(shown.exit()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains(".serverKeyPin(\"" + pin + "\")")
        .contains(".oprfPublicKey(\"")
        .contains(".sealedSenderRoot(\"")
        .contains("key id 1")
        .contains("nubo keys move-root");

    Path root = offline.resolve("root.key");
    Run moved = nubo("keys", "move-root", "--data-dir", dir.toString(), "--to", root.toString());
    assertThat(moved.exit()).as(moved.err()).isZero();
    assertThat(root).exists();
    assertThat(nubo("keys", "show", "--data-dir", dir.toString()).out()).contains("(offline)");

    Run withoutRoot = nubo("keys", "rotate-signer", "--data-dir", dir.toString());
    assertThat(withoutRoot.exit()).isEqualTo(1);
    assertThat(withoutRoot.err()).contains("nubo: ").contains("--root-key");

    Run rotated =
        nubo("keys", "rotate-signer", "--data-dir", dir.toString(), "--root-key", root.toString());
    assertThat(rotated.exit()).as(rotated.err()).isZero();
    assertThat(rotated.out()).contains("key id 2 is ready").contains("Restart the server");
    assertThat(nubo("keys", "show", "--data-dir", dir.toString()).out()).contains("key id 2");
  }

  @Test
  void aFolderWithoutKeysGetsAnErrorThatSaysHowToMakeThem() {
    Run shown = nubo("keys", "show", "--data-dir", dir.resolve("empty").toString());

    assertThat(shown.exit()).isEqualTo(1);
    assertThat(shown.err())
        .contains("no Nubo keys in")
        .contains("Is that the server's data folder?")
        .contains("--config");
    assertThat(shown.out()).isEmpty();
  }

  @Test
  void moveRootWithoutADestinationIsAUsageError() {
    Run run = nubo("keys", "move-root", "--data-dir", dir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--to=FILE'");
  }

  /** Runs the command line with stdout and stderr captured. */
  private static Run nubo(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      return new Run(
          exit,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
