package org.nubo.client;

import java.time.Duration;

/**
 * A verification code is on its way by SMS to {@code number}.
 *
 * @param resendAfter how long before another code may be asked for
 * @param expiresIn how long the code stays valid
 */
public record VerificationStarted(String number, Duration resendAfter, Duration expiresIn) {}
