package org.nubo.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nubo.server.ServerConfig;
import picocli.CommandLine.Option;

/**
 * {@code --config} and {@code --data-dir}, shared by every command that works on a server's
 * settings or data folder, so that {@code nubo keys} finds the folder {@code nubo server} uses.
 */
final class ServerSettings {
  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  @Nullable Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where data and keys live (default ./nubo-data).")
  @Nullable Path dataDir;

  /** Defaults, then the file, then the environment, then {@code --data-dir} and {@code extra}. */
  ServerConfig load(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (dataDir != null) {
      env.put("NUBO_SERVER_DATA_DIR", dataDir.toString());
    }
    env.putAll(extra);
    return ServerConfig.load(config, env);
  }

  Path dataFolder() {
    return load(Map.of()).dataDir();
  }
}
