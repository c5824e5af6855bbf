package org.nubo.protocol.api;

/** {@code GET /v1/config}: what a device needs to know before it talks to this server. */
public record ServerInfo(
    String version, long deliveryWindowMillis, long probeWindowMillis, int maxPayloadBytes) {}
