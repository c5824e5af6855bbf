package org.nubo.protocol.api;

/**
 * {@code GET /v1/config}: what a device needs to know before it talks to this server. {@code
 * sealedSenderRoot} is the base64url public key of the sealed-sender trust root, which devices pin
 * like the TLS key; empty when the server has none.
 */
public record ServerInfo(
    String version,
    long deliveryWindowMillis,
    long probeWindowMillis,
    int maxPayloadBytes,
    String sealedSenderRoot) {

  /** Without a sealed-sender root (tests and tools that do not seal). */
  public ServerInfo(
      String version, long deliveryWindowMillis, long probeWindowMillis, int maxPayloadBytes) {
    this(version, deliveryWindowMillis, probeWindowMillis, maxPayloadBytes, "");
  }
}
