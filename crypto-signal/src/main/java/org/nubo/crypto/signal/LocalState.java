package org.nubo.crypto.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The device's own Signal state, in two documents. {@code signal-identity}: identity key pair,
 * registration id, profile key, local UUID, next prekey ids and the known peers (so turning
 * messaging off can delete every document). {@code signal-prekeys}: signed prekeys (current last),
 * one-time EC and Kyber prekeys, which Kyber prekeys are last-resort, and the recorded uses of
 * last-resort keys, so a replayed base key is refused.
 */
final class LocalState {
  static final String IDENTITY = "signal-identity";
  static final String PREKEYS = "signal-prekeys";
  private static final int IDENTITY_VERSION = 1;
  private static final int PREKEYS_VERSION = 1;

  /** libsignal's prekey ids are 24-bit. */
  static final int MAX_KEY_ID = 0xFFFFFF;

  byte[] identityKeyPair;
  int registrationId;
  byte[] profileKey;
  UUID localUuid;
  int nextPreKeyId = 1;
  int nextSignedPreKeyId = 1;
  int nextKyberPreKeyId = 1;
  final TreeSet<String> peers = new TreeSet<>();

  final TreeMap<Integer, byte[]> signedPreKeys = new TreeMap<>();
  final TreeMap<Integer, byte[]> preKeys = new TreeMap<>();
  final TreeMap<Integer, byte[]> kyberPreKeys = new TreeMap<>();
  final TreeSet<Integer> lastResortKyber = new TreeSet<>();
  final List<KyberUse> kyberUses = new ArrayList<>();

  /** A use of a last-resort Kyber prekey: with which signed prekey and which sender base key. */
  @SuppressWarnings("ArrayRecordComponent") // never leaves this package, never mutated
  record KyberUse(int kyberId, int signedId, byte[] baseKey) {}

  LocalState(byte[] identityKeyPair, int registrationId, byte[] profileKey, UUID localUuid) {
    this.identityKeyPair = identityKeyPair;
    this.registrationId = registrationId;
    this.profileKey = profileKey;
    this.localUuid = localUuid;
  }

  /** The next id of a series, wrapping inside 1..{@link #MAX_KEY_ID}. */
  static int following(int id) {
    return id >= MAX_KEY_ID ? 1 : id + 1;
  }

  byte[] encodeIdentity() {
    Documents.Writer out = new Documents.Writer(IDENTITY_VERSION);
    out.writeBytes(identityKeyPair).writeInt(registrationId).writeBytes(profileKey);
    out.writeLong(localUuid.getMostSignificantBits())
        .writeLong(localUuid.getLeastSignificantBits());
    out.writeInt(nextPreKeyId).writeInt(nextSignedPreKeyId).writeInt(nextKyberPreKeyId);
    out.writeInt(peers.size());
    for (String peer : peers) {
      out.writeBytes(peer.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  byte[] encodePreKeys() {
    Documents.Writer out = new Documents.Writer(PREKEYS_VERSION);
    out.writeRecords(signedPreKeys).writeRecords(preKeys).writeRecords(kyberPreKeys);
    out.writeInt(lastResortKyber.size());
    lastResortKyber.forEach(out::writeInt);
    out.writeInt(kyberUses.size());
    for (KyberUse use : kyberUses) {
      out.writeInt(use.kyberId()).writeInt(use.signedId()).writeBytes(use.baseKey());
    }
    return out.toByteArray();
  }

  static LocalState decode(byte[] identity, byte[] preKeys) {
    Documents.Reader in = new Documents.Reader(IDENTITY, identity, IDENTITY_VERSION);
    LocalState state =
        new LocalState(
            in.readBytes(), in.readInt(), in.readBytes(), new UUID(in.readLong(), in.readLong()));
    state.nextPreKeyId = in.readInt();
    state.nextSignedPreKeyId = in.readInt();
    state.nextKyberPreKeyId = in.readInt();
    int peers = in.readInt();
    for (int i = 0; i < peers; i++) {
      state.peers.add(new String(in.readBytes(), java.nio.charset.StandardCharsets.US_ASCII));
    }
    in.end();

    Documents.Reader keys = new Documents.Reader(PREKEYS, preKeys, PREKEYS_VERSION);
    state.signedPreKeys.putAll(keys.readRecords());
    state.preKeys.putAll(keys.readRecords());
    state.kyberPreKeys.putAll(keys.readRecords());
    int lastResort = keys.readInt();
    for (int i = 0; i < lastResort; i++) {
      state.lastResortKyber.add(keys.readInt());
    }
    int uses = keys.readInt();
    for (int i = 0; i < uses; i++) {
      state.kyberUses.add(new KyberUse(keys.readInt(), keys.readInt(), keys.readBytes()));
    }
    keys.end();
    return state;
  }
}
