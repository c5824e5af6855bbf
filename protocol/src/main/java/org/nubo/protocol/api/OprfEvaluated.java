package org.nubo.protocol.api;

import java.util.List;

/**
 * The answer to {@link OprfEvaluate}: one evaluated element per blinded element, in order, and one
 * DLEQ proof (64 bytes, {@code c || s}) for the whole batch, all base64url. The phone checks the
 * proof against the OPRF public key it pinned before using any of them.
 */
public record OprfEvaluated(List<String> evaluatedElements, String proof) {
  public OprfEvaluated {
    evaluatedElements = List.copyOf(evaluatedElements);
  }
}
