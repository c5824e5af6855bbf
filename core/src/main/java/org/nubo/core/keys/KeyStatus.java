package org.nubo.core.keys;

import java.time.Instant;

/** A device's key state on the server, for the SDK's top-up and rotation decisions. */
public record KeyStatus(KeyCounts remaining, int signedPreKeyId, Instant signedPreKeyUploadedAt) {}
