package org.nubo.crypto.oprf;

import org.nubo.crypto.ristretto.RistrettoPoint;

/** A ristretto255 element kept together with its 32-byte encoding, so it is encoded once. */
abstract class EncodedElement {
  final RistrettoPoint point;
  final byte[] encoded;

  EncodedElement(RistrettoPoint point, byte[] encoded) {
    this.point = point;
    this.encoded = encoded;
  }

  /** The 32-byte canonical encoding (a copy). */
  public final byte[] toByteArray() {
    return encoded.clone();
  }
}
