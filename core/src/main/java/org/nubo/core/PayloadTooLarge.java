package org.nubo.core;

/** A body or message is larger than the server accepts. */
public final class PayloadTooLarge extends CoreException {
  private static final long serialVersionUID = 1L;

  public PayloadTooLarge(String code, String message) {
    super(code, message);
  }
}
