package org.nubo.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Matches a method and path against templates like {@code /v1/verification/sessions/{id}}. Tiny on
 * purpose: a dozen routes need no framework, and the route list doubles as the source of truth the
 * OpenAPI test compares against.
 */
public final class Router {
  /** A mounted route. */
  public record Route(String method, String template, ApiHandler handler) {}

  /** A match: the route and the values of its {@code {params}}. */
  public record Match(Route route, Map<String, String> params) {}

  private final List<Route> routes = new ArrayList<>();

  public Router add(String method, String template, ApiHandler handler) {
    routes.add(new Route(method, template, handler));
    return this;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** The route for this method and path, if any. */
  public Optional<Match> match(String method, String path) {
    String[] segments = path.split("/", -1);
    for (Route route : routes) {
      if (!route.method().equals(method)) {
        continue;
      }
      Map<String, String> params = matchTemplate(route.template(), segments);
      if (params != null) {
        return Optional.of(new Match(route, params));
      }
    }
    return Optional.empty();
  }

  /** Whether any route has this path with another method (for 405 rather than 404). */
  public boolean pathExists(String path) {
    String[] segments = path.split("/", -1);
    return routes.stream().anyMatch(r -> matchTemplate(r.template(), segments) != null);
  }

  private static @org.jspecify.annotations.Nullable Map<String, String> matchTemplate(
      String template, String[] segments) {
    String[] parts = template.split("/", -1);
    if (parts.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.startsWith("{") && part.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        params.put(part.substring(1, part.length() - 1), segments[i]);
      } else if (!part.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }
}
