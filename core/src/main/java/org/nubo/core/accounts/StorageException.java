package org.nubo.core.accounts;

/** A storage adapter failed; adapters wrap their own exceptions in this and nothing else. */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
