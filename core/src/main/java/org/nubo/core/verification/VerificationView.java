package org.nubo.core.verification;

import java.time.Duration;

/** What a device may know of its verification session. */
public record VerificationView(String sessionId, Duration nextResendIn, Duration expiresIn) {}
