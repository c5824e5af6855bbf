package org.nubo.core;

/** The request is malformed or names something invalid, such as an unparseable number. */
public final class InvalidRequest extends CoreException {
  private static final long serialVersionUID = 1L;

  public InvalidRequest(String code, String message) {
    super(code, message);
  }
}
