package org.nubo.crypto.oprf;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.ristretto.RistrettoPoint;

/** The server's evaluation of one blinded element. */
public final class EvaluatedElement extends EncodedElement {
  EvaluatedElement(RistrettoPoint point) {
    super(point, Suite.serialize(point));
  }

  private EvaluatedElement(RistrettoPoint point, byte[] encoded) {
    super(point, encoded);
  }

  /**
   * Reads an evaluated element from its 32-byte encoding.
   *
   * @throws OprfException if the bytes are not a canonical ristretto255 encoding, or encode the
   *     identity element
   */
  public static EvaluatedElement fromBytes(byte[] bytes) {
    return new EvaluatedElement(
        Suite.deserializeElement(bytes, "an evaluated element"), bytes.clone());
  }

  /** Equal when the encodings are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EvaluatedElement other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }
}
