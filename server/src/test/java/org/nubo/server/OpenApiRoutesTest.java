package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi.yaml and the server's real routes must describe the same API. */
class OpenApiRoutesTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  @TempDir Path dir;

  @Test
  void theDocumentListsExactlyTheServersRoutes() throws Exception {
    JsonNode doc =
        new ObjectMapper(new YAMLFactory()).readTree(Path.of("../docs/openapi.yaml").toFile());
    List<String> documented = new ArrayList<>();
    doc.path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          if (METHODS.contains(op.getKey())) {
                            documented.add(
                                op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));

    try (TestServer test = new TestServer(dir)) {
      assertThat(documented).isNotEmpty().containsExactlyInAnyOrderElementsOf(test.server.routes());
    }
  }

  @Test
  void everyDocumentedRouteAnswersWithoutNoSuchRoute() throws Exception {
    try (TestServer test = new TestServer(dir)) {
      for (String route : test.server.routes()) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replaceAll("\\{[^}]+}", "nope");
        var response = test.call(parts[0], path, "");
        assertThat(response.body())
            .as(route)
            .doesNotContain("no_such_route")
            .doesNotContain("method_not_allowed");
      }
    }
  }
}
