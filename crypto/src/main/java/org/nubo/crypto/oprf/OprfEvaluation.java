package org.nubo.crypto.oprf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The server's answer to a batch of blinded elements: one evaluated element per blinded element, in
 * the same order, and one proof covering them all.
 *
 * @param evaluatedElements one per blinded element, same order
 * @param proof proves that all of them used the key behind the server's public key
 */
public record OprfEvaluation(List<EvaluatedElement> evaluatedElements, DleqProof proof) {
  /** Copies {@code evaluatedElements} into an unmodifiable list. */
  public OprfEvaluation {
    if (evaluatedElements.isEmpty()) {
      throw new OprfException("an evaluation holds at least one element");
    }
    evaluatedElements = Collections.unmodifiableList(new ArrayList<>(evaluatedElements));
  }

  /** The single evaluated element of a batch of one. */
  public EvaluatedElement single() {
    if (evaluatedElements.size() != 1) {
      throw new OprfException(
          "this evaluation holds " + evaluatedElements.size() + " elements, not one");
    }
    return evaluatedElements.get(0);
  }
}
