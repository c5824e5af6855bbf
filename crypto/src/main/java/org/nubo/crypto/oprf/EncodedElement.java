package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.RistrettoElement;

/** A ristretto255 element kept together with its 32-byte encoding, so it is encoded once. */
abstract class EncodedElement {
  final RistrettoElement point;
  final byte[] encoded;

  EncodedElement(RistrettoElement point, byte[] encoded) {
    this.point = point;
    this.encoded = encoded;
  }

  /** The 32-byte canonical encoding (a copy). */
  public final byte[] toByteArray() {
    return encoded.clone();
  }
}
