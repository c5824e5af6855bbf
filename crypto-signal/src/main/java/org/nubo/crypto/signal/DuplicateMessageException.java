package org.nubo.crypto.signal;

/**
 * An envelope this device already decrypted (a replay, or a second delivery). Drop it: showing it
 * again would break "exactly once".
 */
public final class DuplicateMessageException extends SignalSessionException {
  private static final long serialVersionUID = 1L;

  DuplicateMessageException(Throwable cause) {
    super("duplicate", "this message was already decrypted", cause);
  }
}
