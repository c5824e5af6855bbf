package org.nubo.protocol.api;

/**
 * {@code POST /v1/registration}: prove the code and enrol this device.
 *
 * @param deviceId random per-install id chosen by the device (a UUID); never a hardware id
 * @param deviceSecret random secret chosen by the device, base64url; the server keeps its hash
 */
public record Register(String sessionId, String code, String deviceId, String deviceSecret) {}
