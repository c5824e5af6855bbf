package org.nubo.protocol.api;

/**
 * A verification in progress. The server keeps the number in memory only until the session ends.
 *
 * @param nextResendSeconds how long until {@code /resend} may send another code
 * @param expiresInSeconds how long the code stays valid
 */
public record VerificationSession(
    String sessionId, long nextResendSeconds, long expiresInSeconds) {}
