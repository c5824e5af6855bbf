package org.nubo.crypto.signal;

import java.util.NavigableMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.AccountToken;

/**
 * One contact's document, {@code peer-<base32 of the token>}: its identity key, how far it is
 * trusted and since when, and the session record of each of its devices.
 */
final class PeerState {
  private static final int VERSION = 1;
  private static final String PREFIX = "peer-";
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  byte @Nullable [] identityKey;
  TrustState trust = TrustState.TRUSTED;
  long trustChangedAt;
  final NavigableMap<Integer, byte[]> sessions;

  private PeerState(NavigableMap<Integer, byte[]> sessions) {
    this.sessions = sessions;
  }

  static PeerState empty() {
    return new PeerState(new TreeMap<>());
  }

  /** {@code peer-} and the token's 32 bytes in lower-case RFC 4648 base32 (52 characters). */
  static String documentName(AccountToken peer) {
    byte[] bytes = peer.bytes();
    StringBuilder name = new StringBuilder(PREFIX);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        name.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      name.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return name.toString();
  }

  byte[] encode() {
    Documents.Writer out = new Documents.Writer(VERSION);
    byte[] key = identityKey;
    out.writeBytes(key == null ? new byte[0] : key);
    out.writeByte(code(trust)).writeLong(trustChangedAt).writeRecords(sessions);
    return out.toByteArray();
  }

  static PeerState decode(String name, byte[] document) {
    Documents.Reader in = new Documents.Reader(name, document, VERSION);
    byte[] key = in.readBytes();
    int trust = in.readByte();
    long changedAt = in.readLong();
    PeerState peer = new PeerState(in.readRecords());
    in.end();
    peer.identityKey = key.length == 0 ? null : key;
    peer.trust = trust(name, trust);
    peer.trustChangedAt = changedAt;
    return peer;
  }

  private static int code(TrustState trust) {
    return switch (trust) {
      case TRUSTED -> 0;
      case CHANGED_UNACKNOWLEDGED -> 1;
      case VERIFIED -> 2;
    };
  }

  private static TrustState trust(String name, int code) {
    return switch (code) {
      case 0 -> TrustState.TRUSTED;
      case 1 -> TrustState.CHANGED_UNACKNOWLEDGED;
      case 2 -> TrustState.VERIFIED;
      default -> throw new SignalStorageException(name + " has an unknown trust state");
    };
  }
}
