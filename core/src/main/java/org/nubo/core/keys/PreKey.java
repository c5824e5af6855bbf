package org.nubo.core.keys;

/** A one-time EC prekey: its id and serialised public key. */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record PreKey(int keyId, byte[] publicKey) {
  public PreKey {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }
}
