package org.nubo.sms.smpp;

import java.time.Duration;
import org.nubo.smpp.SmppAddress;

/**
 * Where and how the gateway binds.
 *
 * @param host the carrier's or aggregator's SMPP host
 * @param port its SMPP port (2775 by convention)
 * @param systemId the account name the carrier issued (at most 15 characters)
 * @param password the account password (SMPP allows at most 8 characters)
 * @param sourceAddress what recipients see as the sender: an alphanumeric id such as "Nubo" (at
 *     most 11 characters) or an E.164 number
 * @param connectTimeout the bound on opening the TCP connection
 * @param responseTimeout the bound on the carrier's answer to a bind or a submit_sm
 */
public record SmppGatewayConfig(
    String host,
    int port,
    String systemId,
    String password,
    String sourceAddress,
    Duration connectTimeout,
    Duration responseTimeout) {
  public SmppGatewayConfig {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be 1..65535");
    }
    if (systemId.isEmpty() || systemId.length() > 15) {
      throw new IllegalArgumentException("an SMPP system_id has 1 to 15 characters");
    }
    if (password.length() > 8) {
      throw new IllegalArgumentException("an SMPP password has at most 8 characters");
    }
    if (sourceAddress.isEmpty() || sourceAddress.length() > 20) {
      throw new IllegalArgumentException("the source address has 1 to 20 characters");
    }
    if (!SmppAddress.isE164(sourceAddress) && sourceAddress.length() > 11) {
      throw new IllegalArgumentException("an alphanumeric sender id has at most 11 characters");
    }
    if (!isPositive(connectTimeout) || !isPositive(responseTimeout)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /** A configuration with a 2-second connect timeout and a 5-second response timeout. */
  public static SmppGatewayConfig of(
      String host, int port, String systemId, String password, String sourceAddress) {
    return new SmppGatewayConfig(
        host,
        port,
        systemId,
        password,
        sourceAddress,
        Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }

  public SmppGatewayConfig withTimeouts(Duration connect, Duration response) {
    return new SmppGatewayConfig(host, port, systemId, password, sourceAddress, connect, response);
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
