package org.nubo.protocol.api;

/**
 * {@code GET /v1/config}: what a device needs to know before it talks to this server.
 *
 * @param sealedSenderRoot the base64url public key of the sealed-sender trust root, which devices
 *     pin like the TLS key; empty when the server has none
 * @param oprfPublicKey the server's RFC 9497 OPRF public key, base64url of 32 bytes: what the SDK
 *     pins (or checks against its pin) to verify every discovery answer; empty when it has none
 */
public record ServerInfo(
    String version,
    long deliveryWindowMillis,
    long probeWindowMillis,
    int maxPayloadBytes,
    String sealedSenderRoot,
    String oprfPublicKey) {

  /** Without a sealed-sender root or an OPRF key (tests and tools that use neither). */
  public ServerInfo(
      String version, long deliveryWindowMillis, long probeWindowMillis, int maxPayloadBytes) {
    this(version, deliveryWindowMillis, probeWindowMillis, maxPayloadBytes, "", "");
  }
}
