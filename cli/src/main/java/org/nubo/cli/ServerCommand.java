package org.nubo.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nubo server}: runs a real server until interrupted. */
@Command(
    name = "server",
    header = "Run a Nubo server for real phones.",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Nubo server: HTTPS and WebSocket on one port, embedded storage in the nubo-data "
          + "folder. Settings come from defaults, then --config, then NUBO_* environment "
          + "variables (server.port is NUBO_SERVER_PORT).",
      "Every setting, with its default: config/nubo-server.properties"
    })
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerSettings files = new ServerSettings();

  @Option(names = "--port", description = "Port for HTTPS and WebSocket (default 8443).")
  @Nullable Integer port;

  @Option(
      names = "--plaintext-for-development",
      description = "Serve plain HTTP instead of TLS. Never on a network.")
  boolean plaintext;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> flags = new HashMap<>();
    if (port != null) {
      flags.put("NUBO_SERVER_PORT", port.toString());
    }
    if (plaintext) {
      flags.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", "true");
    }
    ServerConfig settings = files.load(flags);
    NuboServer server = NuboServer.start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "nubo-shutdown"));
    System.out.println("Nubo server " + NuboServer.VERSION + " is running.");
    System.out.println(
        "  devices connect to  " + server.url().replace("127.0.0.1", settings.host()));
    server.pin().ifPresent(pin -> System.out.println("  server key pin      " + pin.text()));
    System.out.println(
        "  health and metrics  http://"
            + settings.adminHost()
            + ":"
            + server.adminPort()
            + "/metrics");
    System.out.println("  data                " + settings.dataDir().toAbsolutePath());
    System.out.println(
        "  what devices pin    nubo keys show --data-dir " + settings.dataDir().toAbsolutePath());
    System.out.println("Press Ctrl+C to stop.");
    server.join();
    return 0;
  }
}
