package org.nubo.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.discovery.BlindEvaluator;
import org.nubo.core.discovery.DirectoryFilters;
import org.nubo.core.discovery.Evaluations;
import org.nubo.protocol.api.OprfEvaluate;
import org.nubo.protocol.api.OprfEvaluated;

/**
 * The private contact discovery routes (docs/crypto/oprf.md, docs/decisions/0005): the batch OPRF
 * evaluation and the directory filter. Neither ever sees a phone number; nothing about their bodies
 * is logged.
 */
public final class DiscoveryRoutes {
  /** The filter's media type: a {@code DirectoryUpdate} in its binary wire form. */
  public static final String FILTER_MEDIA_TYPE = "application/vnd.nubo.directory-update";

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
  private static final Base64.Encoder BASE64URL_OUT = Base64.getUrlEncoder().withoutPadding();

  private final ObjectMapper json;
  private final Evaluations evaluations;
  private final DirectoryFilters filters;
  private final Function<ApiRequest, DevicePrincipal> authenticate;

  public DiscoveryRoutes(
      ObjectMapper json,
      Evaluations evaluations,
      DirectoryFilters filters,
      Function<ApiRequest, DevicePrincipal> authenticate) {
    this.json = json;
    this.evaluations = evaluations;
    this.filters = filters;
    this.authenticate = authenticate;
  }

  /** Mounts the routes. */
  public Router routing(Router router) {
    return router
        .add("POST", "/v1/directory/evaluate", this::evaluate)
        .add("GET", "/v1/directory/filter", this::filter);
  }

  private ApiResponse evaluate(ApiRequest request) throws java.io.IOException {
    DevicePrincipal caller = authenticate.apply(request);
    if (request.body().length == 0) {
      throw new InvalidRequest("missing_body", "this route needs a JSON body");
    }
    OprfEvaluate body = json.readValue(request.body(), OprfEvaluate.class);
    List<byte[]> blinded = new ArrayList<>(body.blindedElements().size());
    for (int i = 0; i < body.blindedElements().size(); i++) {
      try {
        blinded.add(BASE64URL.decode(body.blindedElements().get(i)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequest(
            "invalid_element", "blinded element " + i + " is not base64url text");
      }
    }
    BlindEvaluator.Evaluated answer = evaluations.evaluate(caller, request.clientKey(), blinded);
    return ApiResponse.ok(
        new OprfEvaluated(
            answer.elements().stream().map(BASE64URL_OUT::encodeToString).toList(),
            BASE64URL_OUT.encodeToString(answer.proof())));
  }

  private ApiResponse filter(ApiRequest request) {
    DevicePrincipal caller = authenticate.apply(request);
    OptionalLong since = OptionalLong.empty();
    String raw = request.queryParam("since").orElse("");
    if (!raw.isEmpty()) {
      try {
        since = OptionalLong.of(Long.parseLong(raw));
      } catch (NumberFormatException e) {
        throw new InvalidRequest("invalid_version", "since must be a version number");
      }
      if (since.getAsLong() < 0) {
        throw new InvalidRequest("invalid_version", "since must be a version number");
      }
    }
    DirectoryFilters.Answer answer = filters.answer(caller, since, request.header("If-None-Match"));
    Map<String, String> headers =
        Map.of("ETag", answer.etag(), "Cache-Control", "private, no-cache");
    return switch (answer) {
      case DirectoryFilters.Answer.NotModified n -> new ApiResponse(304, null, headers);
      case DirectoryFilters.Answer.Update u ->
          new ApiResponse(200, new ApiResponse.Binary(FILTER_MEDIA_TYPE, u.body()), headers);
    };
  }
}
