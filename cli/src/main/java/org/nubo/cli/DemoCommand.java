package org.nubo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.nubo.cli.demo.DemoWeb;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.SimulatedPhone;
import org.nubo.cli.demo.Tour;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nubo demo}: a server, the carrier and three phones, with a web page or a tour. */
@Command(
    name = "demo",
    header = "Try Nubo on one machine: a server, a carrier simulator and three phones.",
    mixinStandardHelpOptions = true,
    description =
        "Starts a Nubo server (embedded storage, TLS), the carrier simulator and three "
            + "simulated phones, turns Cloud Messaging on for each, and opens a web page "
            + "showing them side by side. With --tour, runs the seed scenarios instead, prints "
            + "each step and outcome, and exits.")
final class DemoCommand implements Callable<Integer> {
  static final List<DemoWorld.PhoneSpec> PHONES =
      List.of(
          new DemoWorld.PhoneSpec("Alice", "+14155550101"),
          new DemoWorld.PhoneSpec("Bob", "+14155550102"),
          new DemoWorld.PhoneSpec("Carol", "+447911123456"));

  @Option(
      names = "--tour",
      description = "Run the scripted scenarios, print the outcomes, and exit.")
  boolean tour;

  @Option(
      names = "--web-port",
      defaultValue = "8080",
      description = "Port of the demo page (default ${DEFAULT-VALUE}; 0 picks one).")
  int webPort;

  @Option(
      names = "--window-ms",
      defaultValue = "3000",
      description = "Delivery window in ms (default ${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the demo's data here instead of a temporary folder.")
  @Nullable Path dataDir;

  /** How long a Ctrl+C waits for the demo to stop its parts and delete its temporary folder. */
  private static final long CLEANUP_SECONDS = 20;

  /** Counted down once the demo has stopped everything and deleted what it made. */
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (System.getProperty("nubo.log.level") == null) {
      // The demo speaks through its own output; server logs would drown it.
      System.setProperty("nubo.log.level", "WARN");
    }
    CountDownLatch stop = new CountDownLatch(1);
    // Installed before anything is made, so that a Ctrl+C at any moment (starting, touring, or
    // running) ends with the parts stopped and the temporary folder deleted. The JVM exits once
    // its shutdown hooks return, so the hook waits for the cleanup in the finally block below.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  awaitCleanup();
                },
                "demo-shutdown"));
    @Nullable Path dir = null;
    try {
      dir = dataDir != null ? dataDir : Files.createTempDirectory("nubo-demo-");
      System.out.println(
          "Starting the carrier simulator and a Nubo server (data in " + dir + ") ...");
      try (DemoWorld world = DemoWorld.start(dir, Duration.ofMillis(windowMs))) {
        for (DemoWorld.PhoneSpec spec : PHONES) {
          if (stop.getCount() == 0) {
            return 0;
          }
          SimulatedPhone phone = world.addPhone(spec);
          System.out.println(
              "  "
                  + spec.name()
                  + " ("
                  + spec.number()
                  + ") turns Cloud Messaging on: code by SMS, verified");
          phone.turnMessagingOn(Duration.ofSeconds(20));
        }
        for (SimulatedPhone phone : world.phones()) {
          for (SimulatedPhone other : world.phones()) {
            if (other != phone) {
              phone.client().addContact(other.name(), other.number());
            }
          }
        }
        if (tour) {
          List<Tour.Result> results =
              new Tour(world, System.out::println, () -> stop.getCount() == 0).run();
          return results.stream().allMatch(Tour.Result::passed) ? 0 : 1;
        }
        if (stop.getCount() == 0) {
          return 0; // stopped while the phones were turning messaging on
        }
        try (DemoWeb web = new DemoWeb(world, webPort)) {
          System.out.println();
          System.out.println(
              "The demo is running. Open " + web.url() + " to see the phones side by side.");
          System.out.println(
              "Server: "
                  + world.server().url()
                  + "   key pin: "
                  + world.server().pin().map(p -> p.text()).orElse("(plaintext)"));
          System.out.println("Press Ctrl+C to stop.");
          openBrowser(web.url());
          stop.await();
          System.out.println("Stopping the phones, the server and the carrier ...");
        }
        return 0;
      }
    } finally {
      try {
        if (dataDir == null && dir != null) {
          deleteTree(dir);
        }
      } finally {
        cleanedUp.countDown();
      }
    }
  }

  private void awaitCleanup() {
    try {
      if (!cleanedUp.await(CLEANUP_SECONDS, TimeUnit.SECONDS)) {
        System.err.println("The demo did not stop within " + CLEANUP_SECONDS + " s; exiting.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void openBrowser(String url) {
    for (String opener : List.of("xdg-open", "open")) {
      try {
        new ProcessBuilder(opener, url)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
        return;
      } catch (IOException e) {
        // Not available here; the URL is printed above.
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
