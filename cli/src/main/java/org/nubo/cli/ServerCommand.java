package org.nubo.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.nubo.server.NuboServer;
import org.nubo.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nubo server}: runs a real server until interrupted. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Nubo server: HTTPS and WebSocket on one port, embedded storage in ./nubo-data.",
      "Settings come from defaults, then --config, then NUBO_* environment variables",
      "(server.port is NUBO_SERVER_PORT). See config/nubo-server.properties for every key."
    })
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  @Nullable Path config;

  @Option(names = "--port", description = "Port for HTTPS and WebSocket (default 8443).")
  @Nullable Integer port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where data and keys live (default ./nubo-data).")
  @Nullable Path dataDir;

  @Option(
      names = "--plaintext-for-development",
      description = "Serve plain HTTP instead of TLS. Never on a network.")
  boolean plaintext;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (port != null) {
      env.put("NUBO_SERVER_PORT", port.toString());
    }
    if (dataDir != null) {
      env.put("NUBO_SERVER_DATA_DIR", dataDir.toString());
    }
    if (plaintext) {
      env.put("NUBO_SERVER_PLAINTEXT_FOR_DEVELOPMENT", "true");
    }
    ServerConfig settings = ServerConfig.load(config, env);
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
    System.out.println("Press Ctrl+C to stop.");
    server.join();
    return 0;
  }
}
