package org.nubo.core;

/** The verification code does not match; the session allows a few more tries. */
public final class WrongCode extends CoreException {
  private static final long serialVersionUID = 1L;

  public WrongCode(String code, String message) {
    super(code, message);
  }
}
