package org.nubo.carrier;

/**
 * A non-phone client of the carrier, such as the Nubo server's SMS gateway: it binds with its own
 * {@code systemId} and {@code password}, and its messages reach phones from {@code senderId} (an
 * alphanumeric sender such as "Nubo", as operators show for verification codes).
 */
public record GatewayAccount(String systemId, String password, String senderId) {
  public GatewayAccount {
    if (systemId.isEmpty() || systemId.length() > 15 || systemId.startsWith("+")) {
      throw new IllegalArgumentException(
          "a gateway system_id has 1 to 15 characters and is not a phone number");
    }
    CarrierConfig.checkPassword(password);
    if (senderId.isEmpty() || senderId.length() > 11) {
      throw new IllegalArgumentException("an alphanumeric sender id has 1 to 11 characters");
    }
  }
}
