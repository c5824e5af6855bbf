package org.nubo.crypto.signal;

/** How far this device trusts a contact's identity key. */
public enum TrustState {
  /** First seen and not changed since (trust on first use). */
  TRUSTED,
  /**
   * The key changed and the user has not accepted the new safety number yet. Messages from the
   * contact are still decrypted; messages to the contact are refused until {@link
   * SignalDevice#acceptSafetyNumber} is called.
   */
  CHANGED_UNACKNOWLEDGED,
  /** The user compared safety numbers and marked the contact verified. */
  VERIFIED
}
