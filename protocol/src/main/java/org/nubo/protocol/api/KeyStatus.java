package org.nubo.protocol.api;

/**
 * {@code GET /v1/keys/status}: how many one-time prekeys the caller's device has left, and which
 * signed prekey is on file and how old it is.
 */
public record KeyStatus(
    int preKeys, int kyberPreKeys, int signedPreKeyId, long signedPreKeyAgeSeconds) {}
