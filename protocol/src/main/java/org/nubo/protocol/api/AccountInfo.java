package org.nubo.protocol.api;

/** {@code GET /v1/account}: what the server knows about the calling device's account. */
public record AccountInfo(String accountToken, String deviceId, boolean messaging) {}
