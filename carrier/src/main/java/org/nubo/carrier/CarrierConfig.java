package org.nubo.carrier;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the simulated carrier listens and whom it lets in.
 *
 * @param host the address to listen on; a loopback address keeps the simulator off the network
 * @param port the port, or 0 for an ephemeral one ({@link CarrierSimulator#port()} tells which)
 * @param phonePassword the password every simulated phone binds with (SMPP allows 8 characters)
 * @param gateways the non-phone clients allowed to bind, such as the Nubo server
 * @param maxStoredPerNumber how many SMS wait for one offline phone before the carrier refuses more
 * @param maxStoredTotal how many SMS wait for all offline phones together
 * @param deliveryTimeout how long to wait for a phone to acknowledge a deliver_sm
 * @param clock the time stamped on {@link SmsEvent}s
 */
public record CarrierConfig(
    String host,
    int port,
    String phonePassword,
    List<GatewayAccount> gateways,
    int maxStoredPerNumber,
    int maxStoredTotal,
    Duration deliveryTimeout,
    Clock clock) {

  /**
   * The demo's shared phone password. SMPP 3.4 caps a password at 8 octets, so it is "nubodemo"
   * rather than the longer "nubo-demo", which jSMPP refuses to send.
   */
  public static final String DEFAULT_PHONE_PASSWORD = "nubodemo";

  public CarrierConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    checkPassword(phonePassword);
    gateways = List.copyOf(gateways);
    if (maxStoredPerNumber < 1 || maxStoredTotal < maxStoredPerNumber) {
      throw new IllegalArgumentException(
          "store bounds must be positive, the total at least the per-number bound");
    }
    if (deliveryTimeout.isNegative() || deliveryTimeout.isZero()) {
      throw new IllegalArgumentException("deliveryTimeout must be positive");
    }
  }

  /** Listens on 127.0.0.1:{@code port} with the demo password and no gateways. */
  public static CarrierConfig loopback(int port) {
    return new CarrierConfig(
        "127.0.0.1",
        port,
        DEFAULT_PHONE_PASSWORD,
        List.of(),
        100,
        10_000,
        Duration.ofSeconds(5),
        Clock.systemUTC());
  }

  /** This configuration with one more gateway allowed to bind. */
  public CarrierConfig withGateway(GatewayAccount account) {
    List<GatewayAccount> more = new ArrayList<>(gateways);
    more.add(account);
    return new CarrierConfig(
        host,
        port,
        phonePassword,
        more,
        maxStoredPerNumber,
        maxStoredTotal,
        deliveryTimeout,
        clock);
  }

  /** This configuration with another shared phone password. */
  public CarrierConfig withPhonePassword(String password) {
    return new CarrierConfig(
        host, port, password, gateways, maxStoredPerNumber, maxStoredTotal, deliveryTimeout, clock);
  }

  /** This configuration with other bounds on what waits for offline phones. */
  public CarrierConfig withStoreBounds(int perNumber, int total) {
    return new CarrierConfig(
        host, port, phonePassword, gateways, perNumber, total, deliveryTimeout, clock);
  }

  /** This configuration with another clock for event time stamps. */
  public CarrierConfig withClock(Clock otherClock) {
    return new CarrierConfig(
        host,
        port,
        phonePassword,
        gateways,
        maxStoredPerNumber,
        maxStoredTotal,
        deliveryTimeout,
        otherClock);
  }

  static void checkPassword(String password) {
    if (password.isEmpty() || password.length() > 8) {
      throw new IllegalArgumentException("an SMPP password has 1 to 8 characters");
    }
  }
}
