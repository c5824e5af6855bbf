package org.nubo.protocol.api;

/** The answer to {@link Register}: this account's token, base64url, as contacts will see it. */
public record Registration(String accountToken, String deviceId) {}
