package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.cli.demo.Await;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.SimulatedPhone;

/**
 * An app may build and close many clients (one per account, one per test, a client rebuilt after a
 * settings change). A closed client must let go at once of its thread and of everything it holds:
 * its connections' timers (a ping every 30 s, a reconnect) may not keep it alive until they fire.
 * On a real server, with the phone connected, so that those timers are running when it closes.
 */
class ClientCloseTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aClosedConnectedClientEndsItsSchedulerThreadAtOnce() throws Exception {
    try (DemoWorld world = DemoWorld.start(dir, Duration.ofSeconds(3))) {
      Set<Thread> before = schedulerThreads();
      SimulatedPhone alice = world.addPhone(new DemoWorld.PhoneSpec("Alice", "+14155550121"));
      alice.turnMessagingOn(PATIENCE);
      Await.until("Alice connected", PATIENCE, () -> alice.client().isConnected());
      Set<Thread> hers = schedulerThreads();
      hers.removeAll(before);
      assertThat(hers).as("the client's own scheduler thread").hasSize(1);

      alice.close();

      // Well under the 30 s ping interval that used to hold the thread.
      Await.until(
          "the closed client's scheduler thread to end",
          Duration.ofSeconds(5),
          () -> hers.stream().noneMatch(Thread::isAlive));
    }
  }

  private static Set<Thread> schedulerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("nubo-scheduler"))
        .collect(Collectors.toCollection(HashSet::new));
  }
}
