package org.nubo.crypto.signal;

/** A one-time Curve25519 prekey: its id and serialized public key (33 bytes). */
@SuppressWarnings("ArrayRecordComponent") // copied in and out, so the record stays immutable
public record OneTimePreKey(int id, byte[] publicKey) {
  public OneTimePreKey {
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }
}
