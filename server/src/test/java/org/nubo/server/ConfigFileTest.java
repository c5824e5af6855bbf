package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.Limits;

/** The shipped config file documents every named limit with its default, and nothing else. */
class ConfigFileTest {
  private static final Path FILE = Path.of("../config/nubo-server.properties");

  @Test
  void theShippedConfigListsEveryLimitAtItsDefault() throws Exception {
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(FILE)) {
      props.load(reader);
    }
    Limits defaults = Limits.defaults();

    assertThat(ServerConfig.load(FILE, Map.of()).limits()).isEqualTo(defaults);
    for (var component : Limits.class.getRecordComponents()) {
      Limit limit = (Limit) component.getAccessor().invoke(defaults);
      String prefix = "limits." + limit.name().replace('_', '-');
      assertThat(props).as(prefix).containsKeys(prefix + ".capacity", prefix + ".refill-ms");
    }
  }
}
