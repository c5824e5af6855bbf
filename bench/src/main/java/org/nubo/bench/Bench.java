package org.nubo.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The load generator's entry point. Every command starts the server under test as a child process
 * and stops it at the end; docs/BENCHMARKS.md gives the full commands and results.
 */
@Command(
    name = "nubo-bench",
    mixinStandardHelpOptions = true,
    subcommands = {
      EnrollCommand.class,
      RelayCommand.class,
      IdleCommand.class,
      IdleWorkerCommand.class,
      ConnectCommand.class,
      DiscoveryCommand.class,
      RistrettoCommand.class,
      SealCommand.class
    },
    description = "Nubo's load generator. Run from the repository root.")
public final class Bench {
  private Bench() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }
}
