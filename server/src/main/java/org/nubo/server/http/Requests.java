package org.nubo.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import org.nubo.core.InvalidRequest;
import org.nubo.core.Unauthenticated;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.DevicePrincipal;

/** What every route does with a request: authenticate the device, read the JSON body. */
final class Requests {
  private Requests() {}

  static DevicePrincipal authenticate(Accounts accounts, ApiRequest request) {
    String header =
        request
            .authorization()
            .orElseThrow(
                () ->
                    new Unauthenticated("bad_credentials", "this route needs a device credential"));
    return accounts.authenticateBasic(header);
  }

  static <T> T read(ObjectMapper json, ApiRequest request, Class<T> type) throws IOException {
    if (request.body().length == 0) {
      throw new InvalidRequest("missing_body", "this route needs a JSON body");
    }
    return json.readValue(request.body(), type);
  }

  /**
   * Decodes a base64url (or base64) field.
   *
   * @throws InvalidRequest with {@code code} naming the field
   */
  static byte[] base64(String value, String code, String field) {
    try {
      return Base64.getUrlDecoder().decode(value.replace('+', '-').replace('/', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(code, field + " is not base64url");
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
