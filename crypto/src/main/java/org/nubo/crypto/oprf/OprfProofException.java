package org.nubo.crypto.oprf;

/**
 * The server's proof does not show that it evaluated with the pinned key: either the evaluation was
 * tampered with, or the server used another key (which would let it tell users apart). The
 * evaluation must be thrown away.
 */
public final class OprfProofException extends OprfException {
  private static final long serialVersionUID = 1L;

  /** An error with {@code message}. */
  public OprfProofException(String message) {
    super(message);
  }
}
