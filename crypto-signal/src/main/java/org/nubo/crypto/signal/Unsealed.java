package org.nubo.crypto.signal;

import org.nubo.protocol.AccountToken;

/**
 * A sealed envelope opened: who sent it (from the sender certificate, which the pinned root vouches
 * for), from which device, the plaintext with its padding removed, and whether this message came
 * with a new identity key for the sender ({@link TrustState#CHANGED_UNACKNOWLEDGED} now; the app
 * shows a safety-number change).
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record Unsealed(
    AccountToken sender, int senderDeviceId, byte[] plaintext, boolean safetyNumberChanged) {
  public Unsealed {
    plaintext = plaintext.clone();
  }

  @Override
  public byte[] plaintext() {
    return plaintext.clone();
  }
}
