package org.nubo.protocol.api;

/**
 * The body of every error response: a stable machine-readable {@code code} and a message for
 * humans. Neither ever contains a phone number, token, address or message content.
 */
public record ApiError(String code, String message) {}
