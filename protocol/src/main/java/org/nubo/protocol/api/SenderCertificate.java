package org.nubo.protocol.api;

/**
 * {@code GET /v1/certificate/sender}: a sealed-sender certificate (base64url of libsignal's
 * serialised {@code SenderCertificate}) and when it expires (epoch milliseconds).
 */
public record SenderCertificate(String certificate, long expiresAt) {}
