package org.nubo.core.discovery;

import java.util.List;

/**
 * Port: evaluates blinded OPRF elements under the server's key (RFC 9497 BlindEvaluate with one
 * proof per batch). The adapter owns the key and the group arithmetic; the core owns limits.
 */
public interface BlindEvaluator {
  /** One evaluated element per blinded element (32 bytes each, in order) and the batch's proof. */
  @SuppressWarnings("ArrayRecordComponent") // built once per answer and only read after
  record Evaluated(List<byte[]> elements, byte[] proof) {}

  /**
   * Evaluates a batch.
   *
   * @throws org.nubo.core.InvalidRequest ({@code invalid_element}) naming the first element that is
   *     not a canonical ristretto255 encoding of an element other than the identity
   */
  Evaluated evaluate(List<byte[]> blinded);

  /** The public key phones pin, 32 bytes. */
  byte[] publicKey();
}
