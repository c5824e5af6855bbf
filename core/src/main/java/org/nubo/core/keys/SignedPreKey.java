package org.nubo.core.keys;

/** A prekey signed by the device's identity key: the signed EC prekey or a Kyber prekey. */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record SignedPreKey(int keyId, byte[] publicKey, byte[] signature) {
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
