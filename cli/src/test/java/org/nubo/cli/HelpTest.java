package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {
  @Test
  void theCommandListGivesEachCommandItsWholeSummary() {
    CommandLine nubo = new CommandLine(new Main());
    String listed = nubo.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");

    assertThat(nubo.getSubcommands()).containsKeys("demo", "server", "carrier", "phone");
    nubo.getSubcommands()
        .forEach(
            (name, command) -> {
              String[] header = command.getCommandSpec().usageMessage().header();
              assertThat(header).as("the summary of '%s'", name).hasSize(1);
              assertThat(header[0]).as("the summary of '%s'", name).endsWith(".");
              assertThat(listed).as("nubo --help").contains(name + " " + header[0]);
            });
  }
}
