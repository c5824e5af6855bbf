package org.nubo.crypto.signal;

import org.jspecify.annotations.Nullable;
import org.nubo.protocol.AccountToken;

/**
 * Sending to a contact whose identity key changed and whose new safety number the user has not
 * accepted ({@link TrustState#CHANGED_UNACKNOWLEDGED}). Nothing was encrypted; the message goes by
 * SMS, or waits for {@link SignalDevice#acceptSafetyNumber}.
 */
public final class SafetyNumberChangedException extends SignalSessionException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // AccountToken is a value; these exceptions are not serialised
  private final AccountToken peer;

  SafetyNumberChangedException(AccountToken peer, @Nullable Throwable cause) {
    super("safety_number_changed", "the contact's safety number changed", cause);
    this.peer = peer;
  }

  /** The contact whose key changed. */
  public AccountToken peer() {
    return peer;
  }
}
