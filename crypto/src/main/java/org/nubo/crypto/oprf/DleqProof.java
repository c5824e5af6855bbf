package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The server's proof (RFC 9497 section 2.2) that every evaluated element of a batch is its blinded
 * element times the private key behind the public key: a discrete-log-equality proof, 64 bytes, the
 * challenge {@code c} then the response {@code s}.
 */
public final class DleqProof {
  /** The encoded length: two 32-byte scalars. */
  public static final int BYTES = 2 * Suite.SCALAR_BYTES;

  final Scalar c;
  final Scalar s;

  DleqProof(Scalar c, Scalar s) {
    this.c = c;
    this.s = s;
  }

  /**
   * Reads a proof from its 64-byte encoding.
   *
   * @throws OprfException if the bytes are not two canonical scalars
   */
  public static DleqProof fromBytes(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new OprfException("a proof is " + BYTES + " bytes, not " + bytes.length);
    }
    return new DleqProof(
        Suite.deserializeScalar(Arrays.copyOfRange(bytes, 0, 32), "the proof's challenge"),
        Suite.deserializeScalar(Arrays.copyOfRange(bytes, 32, 64), "the proof's response"));
  }

  /** The 64-byte encoding, {@code c || s}. */
  public byte[] toByteArray() {
    return Suite.concat(c.toByteArray(), s.toByteArray());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DleqProof other && Arrays.equals(toByteArray(), other.toByteArray());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toByteArray());
  }
}
