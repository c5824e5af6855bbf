package org.nubo.crypto.oprf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A batch evaluation as bytes, ready for the wire: one 32-byte evaluated element per blinded
 * element, in order, and the 64-byte proof for the batch. What {@link
 * OprfServerKey#evaluateEncoded} returns; the same bytes {@link OprfServerKey#evaluate} would give
 * for the same proof randomness.
 */
public final class EncodedEvaluation {
  private final List<byte[]> evaluatedElements;
  private final byte[] proof;

  EncodedEvaluation(List<byte[]> evaluatedElements, byte[] proof) {
    this.evaluatedElements = Collections.unmodifiableList(new ArrayList<>(evaluatedElements));
    this.proof = proof.clone();
  }

  /** One 32-byte encoding per blinded element, in order (the arrays are the caller's to keep). */
  public List<byte[]> evaluatedElements() {
    List<byte[]> copies = new ArrayList<>(evaluatedElements.size());
    for (byte[] element : evaluatedElements) {
      copies.add(element.clone());
    }
    return copies;
  }

  /** The 64-byte proof, {@code c || s}. */
  public byte[] proof() {
    return proof.clone();
  }
}
