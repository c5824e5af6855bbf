package org.nubo.protocol.api;

/**
 * {@code GET /v1/config}: what a device needs to know before it talks to this server.
 *
 * @param oprfPublicKey the server's RFC 9497 OPRF public key, base64url of 32 bytes: what the SDK
 *     pins (or checks against its pin) to verify every discovery answer
 */
public record ServerInfo(
    String version,
    long deliveryWindowMillis,
    long probeWindowMillis,
    int maxPayloadBytes,
    String oprfPublicKey) {}
