package org.nubo.crypto.oprf;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.ristretto.RistrettoPoint;

/** The server's OPRF public key, pkS. The SDK pins it and checks every evaluation against it. */
public final class OprfPublicKey extends EncodedElement {
  OprfPublicKey(RistrettoPoint point) {
    super(point, Suite.serialize(point));
  }

  private OprfPublicKey(RistrettoPoint point, byte[] encoded) {
    super(point, encoded);
  }

  /**
   * Reads an OPRF public key from its 32-byte encoding.
   *
   * @throws OprfException if the bytes are not a canonical ristretto255 encoding, or encode the
   *     identity element
   */
  public static OprfPublicKey fromBytes(byte[] bytes) {
    return new OprfPublicKey(Suite.deserializeElement(bytes, "an OPRF public key"), bytes.clone());
  }

  /** Equal when the encodings are. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OprfPublicKey other && Arrays.equals(encoded, other.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }
}
