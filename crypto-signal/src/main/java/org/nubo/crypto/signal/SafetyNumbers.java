package org.nubo.crypto.signal;

import org.nubo.protocol.AccountToken;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.fingerprint.NumericFingerprintGenerator;

/**
 * Safety numbers: the 60 digits two users compare to check that no one sits between them. They are
 * libsignal's numeric fingerprints (version 2, 5,200 iterations, as Signal) over each side's
 * account token and identity key, so both phones show the same digits.
 */
public final class SafetyNumbers {
  private static final int VERSION = 2;
  private static final int ITERATIONS = 5200;

  private SafetyNumbers() {}

  /** The 60 digits for {@code local} and {@code remote}, each with its identity key (33 bytes). */
  public static String of(
      AccountToken local, byte[] localIdentityKey, AccountToken remote, byte[] remoteIdentityKey)
      throws SignalKeyException {
    IdentityKey localKey = Keys.identity(localIdentityKey);
    IdentityKey remoteKey = Keys.identity(remoteIdentityKey);
    return new NumericFingerprintGenerator(ITERATIONS)
        .createFor(VERSION, local.bytes(), localKey, remote.bytes(), remoteKey)
        .getDisplayableFingerprint()
        .getDisplayText();
  }
}
