package org.nubo.bench;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A device the load generator connects as: its credentials and its account token, which other
 * devices address messages to.
 */
public record Device(String deviceId, String secret, ByteString token) {

  /**
   * A device for the spike servers, which take the device id from the Basic credentials and use its
   * bytes as the account token, so the same load generator drives them without enrolment.
   */
  public static Device synthetic(int index) {
    String id = "spike-" + index;
    return new Device(id, "x", ByteString.copyFrom(id, StandardCharsets.UTF_8));
  }

  /** The value of the Authorization header on the WebSocket upgrade. */
  public String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((deviceId + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /** One line of the devices file: id, secret and base64url token, comma-separated. */
  String toLine() {
    return deviceId
        + ","
        + secret
        + ","
        + Base64.getUrlEncoder().withoutPadding().encodeToString(token.toByteArray());
  }

  static Device fromLine(String line) {
    String[] parts = line.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a devices file line has three fields: " + line);
    }
    return new Device(
        parts[0], parts[1], ByteString.copyFrom(Base64.getUrlDecoder().decode(parts[2])));
  }
}
