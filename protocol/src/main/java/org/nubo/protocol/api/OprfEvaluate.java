package org.nubo.protocol.api;

import java.util.List;

/**
 * {@code POST /v1/directory/evaluate}: blinded OPRF elements (RFC 9497, ristretto255-SHA512), each
 * the base64url of 32 bytes. They are uniformly random and say nothing about the numbers behind
 * them; the server evaluates them under its OPRF key.
 */
public record OprfEvaluate(List<String> blindedElements) {
  public OprfEvaluate {
    blindedElements = List.copyOf(blindedElements);
  }
}
