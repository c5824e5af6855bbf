package org.nubo.core;

/** The named account or session does not exist. */
public final class NotFound extends CoreException {
  private static final long serialVersionUID = 1L;

  public NotFound(String code, String message) {
    super(code, message);
  }
}
