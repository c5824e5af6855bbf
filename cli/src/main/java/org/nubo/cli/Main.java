package org.nubo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code nubo} launcher. */
@Command(
    name = "nubo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Nubo: a self-hostable phone cloud. Free texts over IP, with automatic SMS fallback.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      ServerCommand.class,
      CarrierCommand.class,
      PhoneCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    CommandLine line = new CommandLine(new Main());
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getColorScheme().errorText("nubo: " + e.getMessage()));
          return 1;
        });
    return line.execute(args);
  }

  @Override
  public void run() {
    CommandLine.Model.CommandSpec self =
        java.util.Objects.requireNonNull(spec, "picocli injects spec");
    self.commandLine().usage(self.commandLine().getOut());
  }

  /** The version line. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"nubo " + org.nubo.server.NuboServer.VERSION};
    }
  }
}
