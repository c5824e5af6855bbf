package org.nubo.core;

/** A dependency, such as the SMS carrier, cannot be reached right now. */
public final class Unavailable extends CoreException {
  private static final long serialVersionUID = 1L;

  public Unavailable(String code, String message) {
    super(code, message);
  }
}
