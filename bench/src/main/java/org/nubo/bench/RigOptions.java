package org.nubo.bench;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to start the server under test; shared by every command. */
final class RigOptions {
  @Option(
      names = "--target",
      description =
          "NUBO (the real server), JETTY, HELIDON or NETTY (spike servers). Default NUBO.")
  Target target = Target.NUBO;

  @Option(names = "--tls", description = "TLS 1.3 instead of plain HTTP (NUBO and NETTY only).")
  boolean tls;

  @Option(names = "--port", description = "Server port (default ${DEFAULT-VALUE}).")
  int port = 38443;

  @Option(names = "--admin-port", description = "Server admin port (default ${DEFAULT-VALUE}).")
  int adminPort = 39464;

  @Option(names = "--carrier-port", description = "Carrier SMPP port (default ${DEFAULT-VALUE}).")
  int carrierPort = 32775;

  @Option(
      names = "--data-dir",
      description = "Server data, logs and the enrolled devices file (default ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("bench/target/bench-data");

  @Option(
      names = "--nubo-classpath",
      description = "Classpath of the nubo CLI (default ${DEFAULT-VALUE}).")
  String nuboClasspath = "cli/target/nubo.jar:cli/target/lib/*";

  @Option(
      names = "--server-jvm-opts",
      description = "Extra JVM options for the server process, space-separated.")
  String serverJvmOpts = "";

  Path devicesFile() {
    return dataDir.resolve("devices.csv");
  }
}
