package org.nubo.core;

/** The device credential is missing, unknown or wrong (the three are not told apart). */
public final class Unauthenticated extends CoreException {
  private static final long serialVersionUID = 1L;

  public Unauthenticated(String code, String message) {
    super(code, message);
  }
}
