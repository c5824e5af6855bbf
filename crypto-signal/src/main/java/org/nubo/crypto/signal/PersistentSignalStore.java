package org.nubo.crypto.signal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.ProtocolException;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * libsignal's store over {@link SignalStateStore} documents (layouts in {@link LocalState} and
 * {@link PeerState}). Every change is written through before the call returns, so a session
 * survives a restart as far as its last decrypted or encrypted message. The device's own state is
 * kept in memory; peer documents are read when needed.
 *
 * <p>Identity policy (decision 0004): a contact's first key is trusted. A changed key is accepted
 * when <em>receiving</em> and marked {@link TrustState#CHANGED_UNACKNOWLEDGED}; <em>sending</em> to
 * such a contact is refused until the user accepts the new safety number. Not thread-safe: {@link
 * SignalDevice} serialises every call.
 */
final class PersistentSignalStore implements SignalProtocolStore {
  private final SignalStateStore documents;
  private final Clock clock;
  private final LocalState local;
  private final IdentityKeyPair identity;
  private final Set<String> replacedIdentities = new HashSet<>();

  PersistentSignalStore(SignalStateStore documents, Clock clock, LocalState local) {
    this.documents = documents;
    this.clock = clock;
    this.local = local;
    try {
      this.identity = new IdentityKeyPair(local.identityKeyPair);
    } catch (InvalidKeyException e) {
      throw new SignalStorageException(LocalState.IDENTITY + " holds no identity key pair", e);
    }
  }

  LocalState local() {
    return local;
  }

  void saveLocal() {
    write(LocalState.IDENTITY, local.encodeIdentity());
    savePreKeys();
  }

  void savePreKeys() {
    write(LocalState.PREKEYS, local.encodePreKeys());
  }

  /** The contact's state; an empty one if this device never met it. */
  PeerState peer(AccountToken token) {
    String name = PeerState.documentName(token);
    byte[] document;
    try {
      document = documents.read(name).orElse(null);
    } catch (RuntimeException e) {
      throw new SignalStorageException("reading " + name + " failed", e);
    }
    return document == null ? PeerState.empty() : PeerState.decode(name, document);
  }

  void savePeer(AccountToken token, PeerState peer) {
    String name = PeerState.documentName(token);
    if (local.peers.add(name)) {
      write(LocalState.IDENTITY, local.encodeIdentity());
    }
    write(name, peer.encode());
  }

  /** True once for each contact whose key {@link #saveIdentity} replaced since the last ask. */
  boolean takeReplaced(AccountToken token) {
    return replacedIdentities.remove(token.text());
  }

  /** Deletes every Signal document of this device: identity, prekeys, peers. */
  void deleteAll() {
    for (String peer : local.peers) {
      delete(peer);
    }
    delete(LocalState.PREKEYS);
    delete(LocalState.IDENTITY);
  }

  private void write(String name, byte[] document) {
    try {
      documents.write(name, document);
    } catch (RuntimeException e) {
      throw new SignalStorageException("writing " + name + " failed", e);
    }
  }

  private void delete(String name) {
    try {
      documents.delete(name);
    } catch (RuntimeException e) {
      throw new SignalStorageException("deleting " + name + " failed", e);
    }
  }

  static AccountToken token(SignalProtocolAddress address) {
    return token(address.getName());
  }

  static AccountToken token(String name) {
    try {
      return AccountToken.parse(name);
    } catch (ProtocolException e) {
      throw new IllegalArgumentException("a Signal address here is an account token", e);
    }
  }

  // IdentityKeyStore

  @Override
  public IdentityKeyPair getIdentityKeyPair() {
    return identity;
  }

  @Override
  public int getLocalRegistrationId() {
    return local.registrationId;
  }

  @Override
  public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
    AccountToken token = token(address);
    PeerState peer = peer(token);
    byte[] key = identityKey.serialize();
    byte[] known = peer.identityKey;
    if (known != null && Arrays.equals(known, key)) {
      return IdentityChange.NEW_OR_UNCHANGED;
    }
    peer.identityKey = key;
    peer.trustChangedAt = clock.millis();
    if (known == null) {
      peer.trust = TrustState.TRUSTED;
      savePeer(token, peer);
      return IdentityChange.NEW_OR_UNCHANGED;
    }
    peer.trust = TrustState.CHANGED_UNACKNOWLEDGED;
    savePeer(token, peer);
    replacedIdentities.add(token.text());
    return IdentityChange.REPLACED_EXISTING;
  }

  @Override
  public boolean isTrustedIdentity(
      SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
    if (direction == Direction.RECEIVING) {
      return true; // accepted, then marked changed by saveIdentity
    }
    PeerState peer = peer(token(address));
    byte[] known = peer.identityKey;
    if (known == null) {
      return true;
    }
    return Arrays.equals(known, identityKey.serialize())
        && peer.trust != TrustState.CHANGED_UNACKNOWLEDGED;
  }

  @Override
  public @Nullable IdentityKey getIdentity(SignalProtocolAddress address) {
    byte[] known = peer(token(address)).identityKey;
    if (known == null) {
      return null;
    }
    try {
      return new IdentityKey(known);
    } catch (InvalidKeyException e) {
      throw new SignalStorageException("a peer document holds a bad identity key", e);
    }
  }

  // SessionStore

  @Override
  public @Nullable SessionRecord loadSession(SignalProtocolAddress address) {
    byte[] record = peer(token(address)).sessions.get(address.getDeviceId());
    if (record == null) {
      return null;
    }
    try {
      return new SessionRecord(record);
    } catch (InvalidMessageException e) {
      throw new SignalStorageException("a peer document holds a bad session", e);
    }
  }

  @Override
  public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses)
      throws NoSessionException {
    List<SessionRecord> records = new ArrayList<>();
    for (SignalProtocolAddress address : addresses) {
      SessionRecord record = loadSession(address);
      if (record == null) {
        throw new NoSessionException(address, "no session");
      }
      records.add(record);
    }
    return records;
  }

  @Override
  public List<Integer> getSubDeviceSessions(String name) {
    List<Integer> devices = new ArrayList<>(peer(token(name)).sessions.keySet());
    devices.remove(Integer.valueOf(1));
    return devices;
  }

  @Override
  public void storeSession(SignalProtocolAddress address, SessionRecord record) {
    AccountToken token = token(address);
    PeerState peer = peer(token);
    peer.sessions.put(address.getDeviceId(), record.serialize());
    savePeer(token, peer);
  }

  @Override
  public boolean containsSession(SignalProtocolAddress address) {
    return peer(token(address)).sessions.containsKey(address.getDeviceId());
  }

  @Override
  public void deleteSession(SignalProtocolAddress address) {
    AccountToken token = token(address);
    PeerState peer = peer(token);
    if (peer.sessions.remove(address.getDeviceId()) != null) {
      savePeer(token, peer);
    }
  }

  @Override
  public void deleteAllSessions(String name) {
    AccountToken token = token(name);
    PeerState peer = peer(token);
    peer.sessions.clear();
    savePeer(token, peer);
  }

  // PreKeyStore

  @Override
  public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
    try {
      return new PreKeyRecord(load(local.preKeys, preKeyId));
    } catch (InvalidMessageException e) {
      throw new SignalStorageException("a bad one-time prekey", e);
    }
  }

  @Override
  public void storePreKey(int preKeyId, PreKeyRecord record) {
    local.preKeys.put(preKeyId, record.serialize());
    savePreKeys();
  }

  @Override
  public boolean containsPreKey(int preKeyId) {
    return local.preKeys.containsKey(preKeyId);
  }

  @Override
  public void removePreKey(int preKeyId) {
    if (local.preKeys.remove(preKeyId) != null) {
      savePreKeys();
    }
  }

  // SignedPreKeyStore

  @Override
  public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
    try {
      return new SignedPreKeyRecord(load(local.signedPreKeys, signedPreKeyId));
    } catch (InvalidMessageException e) {
      throw new SignalStorageException("a bad signed prekey", e);
    }
  }

  @Override
  public List<SignedPreKeyRecord> loadSignedPreKeys() {
    List<SignedPreKeyRecord> records = new ArrayList<>();
    for (int id : local.signedPreKeys.keySet()) {
      try {
        records.add(loadSignedPreKey(id));
      } catch (InvalidKeyIdException e) {
        throw new AssertionError(e);
      }
    }
    return records;
  }

  @Override
  public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
    local.signedPreKeys.put(signedPreKeyId, record.serialize());
    savePreKeys();
  }

  @Override
  public boolean containsSignedPreKey(int signedPreKeyId) {
    return local.signedPreKeys.containsKey(signedPreKeyId);
  }

  @Override
  public void removeSignedPreKey(int signedPreKeyId) {
    if (local.signedPreKeys.remove(signedPreKeyId) != null) {
      savePreKeys();
    }
  }

  // KyberPreKeyStore

  @Override
  public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
    try {
      return new KyberPreKeyRecord(load(local.kyberPreKeys, kyberPreKeyId));
    } catch (InvalidMessageException e) {
      throw new SignalStorageException("a bad Kyber prekey", e);
    }
  }

  @Override
  public List<KyberPreKeyRecord> loadKyberPreKeys() {
    List<KyberPreKeyRecord> records = new ArrayList<>();
    for (int id : local.kyberPreKeys.keySet()) {
      try {
        records.add(loadKyberPreKey(id));
      } catch (InvalidKeyIdException e) {
        throw new AssertionError(e);
      }
    }
    return records;
  }

  @Override
  public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
    local.kyberPreKeys.put(kyberPreKeyId, record.serialize());
    savePreKeys();
  }

  @Override
  public boolean containsKyberPreKey(int kyberPreKeyId) {
    return local.kyberPreKeys.containsKey(kyberPreKeyId);
  }

  /**
   * A one-time Kyber prekey is used up; a last-resort one stays, but the same (signed prekey, base
   * key) pair may use it only once, or a replayed first message would start a second session.
   */
  @Override
  public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
      throws ReusedBaseKeyException {
    if (!local.lastResortKyber.contains(kyberPreKeyId)) {
      local.kyberPreKeys.remove(kyberPreKeyId);
      savePreKeys();
      return;
    }
    byte[] base = baseKey.serialize();
    for (LocalState.KyberUse use : local.kyberUses) {
      if (use.kyberId() == kyberPreKeyId
          && use.signedId() == signedPreKeyId
          && Arrays.equals(use.baseKey(), base)) {
        throw new ReusedBaseKeyException("this base key already used this last-resort key");
      }
    }
    local.kyberUses.add(new LocalState.KyberUse(kyberPreKeyId, signedPreKeyId, base));
    savePreKeys();
  }

  /** Forgets the recorded uses of last-resort keys that are no longer held. */
  void pruneKyberUses() {
    local.kyberUses.removeIf(
        use ->
            !local.kyberPreKeys.containsKey(use.kyberId())
                || !local.signedPreKeys.containsKey(use.signedId()));
  }

  // SenderKeyStore: Nubo has no groups yet.

  @Override
  public void storeSenderKey(
      SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
    throw new UnsupportedOperationException("Nubo has no group messaging");
  }

  @Override
  public @Nullable SenderKeyRecord loadSenderKey(
      SignalProtocolAddress sender, UUID distributionId) {
    return null;
  }

  private static byte[] load(Map<Integer, byte[]> records, int id) throws InvalidKeyIdException {
    byte[] record = records.get(id);
    if (record == null) {
      throw new InvalidKeyIdException("no key " + id);
    }
    return record;
  }
}
