package org.nubo.protocol.api;

import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/keys/{accountToken}}: what a sender needs to start a Signal session (PQXDH) with
 * the account's device. {@code preKey} is null when the one-time EC prekeys ran out; {@code
 * kyberPreKey} is a one-time Kyber prekey, or the last-resort one when those ran out.
 */
public record PreKeyBundle(
    String identityKey,
    int registrationId,
    int deviceId,
    KeyUpload.SignedPreKey signedPreKey,
    KeyUpload.@Nullable PreKey preKey,
    KeyUpload.SignedPreKey kyberPreKey) {}
