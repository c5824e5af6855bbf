package org.nubo.crypto.signal;

/**
 * A Signal state document that cannot be read back (corrupt, or written by an unknown version), or
 * a {@link SignalStateStore} that failed. Unchecked: the device cannot go on without its state.
 */
public final class SignalStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SignalStorageException(String message) {
    super(message);
  }

  SignalStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
