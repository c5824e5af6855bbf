package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileClientStoreTest {
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWrittenDocumentIsReadBackByAnotherInstance(@TempDir Path dir) {
    new FileClientStore(dir.resolve("nubo")).write("state", utf8("{\"a\":1}"));

    assertThat(new FileClientStore(dir.resolve("nubo")).read("state"))
        .hasValueSatisfying(
            bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}"));
    assertThat(new FileClientStore(dir.resolve("nubo")).read("other")).isEmpty();
  }

  @Test
  void aWriteReplacesTheWholeDocumentAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    FileClientStore store = new FileClientStore(dir);
    store.write("state", utf8("x".repeat(10_000)));

    store.write("state", utf8("short"));

    assertThat(store.read("state")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("short")));
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void readersNeverSeeATornDocument(@TempDir Path dir) throws Exception {
    FileClientStore store = new FileClientStore(dir);
    String a = "a".repeat(200_000);
    String b = "b".repeat(100_000);
    store.write("state", utf8(a));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> torn = new AtomicReference<>();
    ExecutorService reader = Executors.newSingleThreadExecutor();
    java.util.concurrent.Future<?> reading =
        reader.submit(
            () -> {
              while (!stop.get()) {
                String read = new String(store.read("state").orElseThrow(), StandardCharsets.UTF_8);
                if (!read.equals(a) && !read.equals(b)) {
                  torn.set(read.length() + " chars");
                }
              }
              return null;
            });

    for (int i = 0; i < 200; i++) {
      store.write("state", utf8(i % 2 == 0 ? b : a));
    }
    stop.set(true);
    reader.shutdown();
    assertThat(reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    reading.get();

    assertThat(torn.get()).isNull();
  }

  @Test
  void namesThatCouldEscapeTheDirectoryAreRefused(@TempDir Path dir) {
    FileClientStore store = new FileClientStore(dir);

    assertThatThrownBy(() -> store.write("../evil", utf8("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theEngineStateRoundTripsThroughTheFileStore(@TempDir Path dir) {
    Harness h = new Harness(new FileClientStore(dir));
    h.register();
    h.engine.addContact("Alice", Harness.ALICE);
    h.engine.send(Harness.BOB, "hi");
    h.scheduler.runDue();
    h.engine.onSmsReceived(Harness.ALICE, "hello");

    Harness again = new Harness(new FileClientStore(dir));

    assertThat(again.engine.settings()).isEqualTo(h.engine.settings());
    assertThat(again.engine.contacts()).isEqualTo(h.engine.contacts());
    assertThat(again.engine.outbox()).isEqualTo(h.engine.outbox());
    assertThat(again.engine.inbox()).isEqualTo(h.engine.inbox());
  }
}
