package org.nubo.core;

/**
 * The request contradicts what the server holds, such as a different identity key for a device that
 * already has one, or a replayed envelope.
 */
public final class Conflict extends CoreException {
  private static final long serialVersionUID = 1L;

  public Conflict(String code, String message) {
    super(code, message);
  }
}
