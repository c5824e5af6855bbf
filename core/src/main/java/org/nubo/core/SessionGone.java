package org.nubo.core;

/** The verification session expired, was used, or ran out of tries. */
public final class SessionGone extends CoreException {
  private static final long serialVersionUID = 1L;

  public SessionGone(String code, String message) {
    super(code, message);
  }
}
