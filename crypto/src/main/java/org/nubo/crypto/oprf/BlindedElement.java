package org.nubo.crypto.oprf;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The client's blinded input, the only thing about an input that the server sees. It is uniformly
 * distributed whatever the input is.
 */
public final class BlindedElement extends EncodedElement {
  BlindedElement(RistrettoPoint point) {
    super(point, Suite.serialize(point));
  }

  private BlindedElement(RistrettoPoint point, byte[] encoded) {
    super(point, encoded);
  }

  /**
   * Reads a blinded element from its 32-byte encoding.
   *
   * @throws OprfException if the bytes are not a canonical ristretto255 encoding, or encode the
   *     identity element
   */
  public static BlindedElement fromBytes(byte[] bytes) {
    return new BlindedElement(Suite.deserializeElement(bytes, "a blinded element"), bytes.clone());
  }

  /** Equal when the encodings are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BlindedElement other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }
}
