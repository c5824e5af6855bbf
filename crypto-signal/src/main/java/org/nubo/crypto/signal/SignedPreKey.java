package org.nubo.crypto.signal;

/**
 * A prekey signed by the device's identity key: a Curve25519 signed prekey (33 bytes) or a
 * Kyber-1024 prekey (1,569 bytes), with its 64-byte signature over the serialized public key.
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record SignedPreKey(int id, byte[] publicKey, byte[] signature) {
  public SignedPreKey {
    publicKey = publicKey.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
