package org.nubo.crypto.signal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.nubo.protocol.AccountToken;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.kem.KEMPublicKey;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.util.KeyHelper;

/**
 * One device's Signal identity and sessions, kept in a {@link SignalStateStore}: identity key pair,
 * registration id, profile key, prekeys (generation and top-up), sessions with contacts and how far
 * each contact's key is trusted. {@link Sealer} seals and unseals messages with it. Every method is
 * synchronised on the device; state is written through before a method returns, so a process may
 * die at any point and {@link #open} picks up where it stopped.
 */
public final class SignalDevice {
  /** Nubo accounts have one device today (decision 0004). */
  static final int DEVICE_ID = 1;

  /** Upload limits of {@code PUT /v1/keys}. */
  public static final int MAX_ONE_TIME_PRE_KEYS = 100;

  /** Upload limits of {@code PUT /v1/keys}: 20 Kyber-1024 keys are about 44 KB. */
  public static final int MAX_ONE_TIME_KYBER_PRE_KEYS = 20;

  private final PersistentSignalStore store;
  private final Clock clock;

  private SignalDevice(PersistentSignalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The device kept in {@code documents}, or a new one (new identity, registration id, profile key,
   * signed prekey and last-resort Kyber prekey) written there if it holds none.
   */
  public static SignalDevice open(SignalStateStore documents, Clock clock) {
    Optional<LocalState> existing = read(documents);
    if (existing.isPresent()) {
      return new SignalDevice(new PersistentSignalStore(documents, clock, existing.get()), clock);
    }
    SecureRandom random = new SecureRandom();
    byte[] profileKey = new byte[DeliveryKeys.PROFILE_KEY_BYTES];
    random.nextBytes(profileKey);
    LocalState local =
        new LocalState(
            IdentityKeyPair.generate().serialize(),
            KeyHelper.generateRegistrationId(false),
            profileKey,
            UUID.randomUUID());
    PersistentSignalStore store = new PersistentSignalStore(documents, clock, local);
    SignalDevice device = new SignalDevice(store, clock);
    device.addSignedPreKey();
    device.addKyberPreKey(true);
    store.saveLocal();
    return device;
  }

  /** Deletes every Signal document in {@code documents}: used when messaging is turned off. */
  public static void forget(SignalStateStore documents, Clock clock) {
    Optional<LocalState> existing = read(documents);
    if (existing.isPresent()) {
      new PersistentSignalStore(documents, clock, existing.get()).deleteAll();
    } else {
      documents.delete(LocalState.PREKEYS);
      documents.delete(LocalState.IDENTITY);
    }
  }

  private static Optional<LocalState> read(SignalStateStore documents) {
    Optional<byte[]> identity = documents.read(LocalState.IDENTITY);
    if (!identity.isPresent()) {
      return Optional.empty();
    }
    byte[] preKeys =
        documents
            .read(LocalState.PREKEYS)
            .orElseThrow(() -> new SignalStorageException(LocalState.PREKEYS + " is missing"));
    return Optional.of(LocalState.decode(identity.get(), preKeys));
  }

  /** The serialized identity public key (33 bytes). */
  public synchronized byte[] identityKey() {
    return store.getIdentityKeyPair().getPublicKey().serialize();
  }

  public synchronized int registrationId() {
    return store.getLocalRegistrationId();
  }

  /** The profile key (32 bytes), shared with contacts inside encrypted messages. */
  public synchronized byte[] profileKey() {
    return store.local().profileKey.clone();
  }

  /** This device's delivery key, {@link DeliveryKeys#derive} of its profile key. */
  public synchronized byte[] deliveryKey() {
    return DeliveryKeys.derive(store.local().profileKey);
  }

  /**
   * Replaces the profile key (after blocking someone), so old contacts' delivery keys stop working.
   */
  public synchronized byte[] rotateProfileKey() {
    byte[] profileKey = new byte[DeliveryKeys.PROFILE_KEY_BYTES];
    new SecureRandom().nextBytes(profileKey);
    store.local().profileKey = profileKey;
    store.saveLocal();
    return profileKey.clone();
  }

  /**
   * Generates {@code oneTimePreKeys} one-time EC and {@code oneTimeKyberPreKeys} one-time Kyber
   * prekeys and returns them with the identity, the current signed prekey and the last-resort Kyber
   * prekey, ready to upload. For the first upload and for every top-up.
   */
  public synchronized UploadBundle generatePreKeys(int oneTimePreKeys, int oneTimeKyberPreKeys) {
    if (oneTimePreKeys < 0 || oneTimePreKeys > MAX_ONE_TIME_PRE_KEYS) {
      throw new IllegalArgumentException("0.." + MAX_ONE_TIME_PRE_KEYS + " one-time prekeys");
    }
    if (oneTimeKyberPreKeys < 0 || oneTimeKyberPreKeys > MAX_ONE_TIME_KYBER_PRE_KEYS) {
      throw new IllegalArgumentException(
          "0.." + MAX_ONE_TIME_KYBER_PRE_KEYS + " one-time Kyber prekeys");
    }
    LocalState local = store.local();
    List<OneTimePreKey> ec = new ArrayList<>();
    for (int i = 0; i < oneTimePreKeys; i++) {
      int id = local.nextPreKeyId;
      local.nextPreKeyId = LocalState.following(id);
      ECKeyPair pair = ECKeyPair.generate();
      local.preKeys.put(id, new PreKeyRecord(id, pair).serialize());
      ec.add(new OneTimePreKey(id, pair.getPublicKey().serialize()));
    }
    List<SignedPreKey> kyber = new ArrayList<>();
    for (int i = 0; i < oneTimeKyberPreKeys; i++) {
      kyber.add(addKyberPreKey(false));
    }
    store.saveLocal();
    return new UploadBundle(
        identityKey(),
        registrationId(),
        currentSignedPreKey(),
        currentLastResortKyberPreKey(),
        ec,
        kyber);
  }

  /**
   * A new signed prekey becomes current; the previous one is kept for messages already on their
   * way, older ones are deleted. Upload the result.
   */
  public synchronized SignedPreKey rotateSignedPreKey() {
    LocalState local = store.local();
    int previous = currentSignedPreKeyId();
    SignedPreKey created = addSignedPreKey();
    local.signedPreKeys.keySet().removeIf(id -> id != previous && id != created.id());
    store.pruneKyberUses();
    store.saveLocal();
    return created;
  }

  private SignedPreKey addSignedPreKey() {
    LocalState local = store.local();
    int id = local.nextSignedPreKeyId;
    local.nextSignedPreKeyId = LocalState.following(id);
    ECKeyPair pair = ECKeyPair.generate();
    byte[] publicKey = pair.getPublicKey().serialize();
    byte[] signature = store.getIdentityKeyPair().getPrivateKey().calculateSignature(publicKey);
    local.signedPreKeys.put(
        id, new SignedPreKeyRecord(id, clock.millis(), pair, signature).serialize());
    return new SignedPreKey(id, publicKey, signature);
  }

  private SignedPreKey addKyberPreKey(boolean lastResort) {
    LocalState local = store.local();
    int id = local.nextKyberPreKeyId;
    local.nextKyberPreKeyId = LocalState.following(id);
    KEMKeyPair pair = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
    byte[] publicKey = pair.getPublicKey().serialize();
    byte[] signature = store.getIdentityKeyPair().getPrivateKey().calculateSignature(publicKey);
    local.kyberPreKeys.put(
        id, new KyberPreKeyRecord(id, clock.millis(), pair, signature).serialize());
    if (lastResort) {
      local.lastResortKyber.add(id);
    }
    return new SignedPreKey(id, publicKey, signature);
  }

  private int currentSignedPreKeyId() {
    int next = store.local().nextSignedPreKeyId;
    return next == 1 ? LocalState.MAX_KEY_ID : next - 1;
  }

  private SignedPreKey currentSignedPreKey() {
    try {
      SignedPreKeyRecord record = store.loadSignedPreKey(currentSignedPreKeyId());
      return new SignedPreKey(
          record.getId(), record.getKeyPair().getPublicKey().serialize(), record.getSignature());
    } catch (InvalidKeyException | org.signal.libsignal.protocol.InvalidKeyIdException e) {
      throw new SignalStorageException("the current signed prekey is missing", e);
    }
  }

  private SignedPreKey currentLastResortKyberPreKey() {
    try {
      KyberPreKeyRecord record = store.loadKyberPreKey(store.local().lastResortKyber.last());
      return new SignedPreKey(
          record.getId(), record.getKeyPair().getPublicKey().serialize(), record.getSignature());
    } catch (InvalidKeyException | org.signal.libsignal.protocol.InvalidKeyIdException e) {
      throw new SignalStorageException("the last-resort Kyber prekey is missing", e);
    }
  }

  /** How many unused one-time EC and Kyber prekeys this device still holds. */
  public synchronized PreKeyCounts remainingPreKeys() {
    LocalState local = store.local();
    return new PreKeyCounts(
        local.preKeys.size(), local.kyberPreKeys.size() - local.lastResortKyber.size());
  }

  /**
   * Starts a session with {@code peer} from its fetched bundle, so {@link Sealer#seal} can encrypt
   * to it. Every key and signature is checked first ({@link SignalKeyException}). A bundle with an
   * identity key other than the one this device knows records the new key as {@link
   * TrustState#CHANGED_UNACKNOWLEDGED} and throws {@link SafetyNumberChangedException}: call again
   * after {@link #acceptSafetyNumber}.
   */
  public synchronized void startSession(AccountToken peer, PeerBundle bundle)
      throws SignalKeyException, SafetyNumberChangedException {
    IdentityKey identity = Keys.identity(bundle.identityKey());
    ECPublicKey signed = Keys.ecPublic(bundle.signedPreKey().publicKey(), "signed prekey");
    Keys.verify(
        identity, bundle.signedPreKey().publicKey(), bundle.signedPreKey().signature(), "signed");
    KEMPublicKey kyber = Keys.kemPublic(bundle.kyberPreKey().publicKey(), "Kyber prekey");
    Keys.verify(
        identity, bundle.kyberPreKey().publicKey(), bundle.kyberPreKey().signature(), "Kyber");
    ECPublicKey oneTime = null;
    int oneTimeId = PreKeyBundle.NULL_PRE_KEY_ID;
    if (bundle.oneTimePreKey().isPresent()) {
      oneTimeId = bundle.oneTimePreKey().get().id();
      oneTime = Keys.ecPublic(bundle.oneTimePreKey().get().publicKey(), "one-time prekey");
    }
    if (bundle.deviceId() < 1 || bundle.deviceId() > CertificateAuthority.MAX_DEVICE_ID) {
      throw SignalKeyException.badKey("device id out of range");
    }
    SignalProtocolAddress address = new SignalProtocolAddress(peer.text(), bundle.deviceId());
    PeerState state = store.peer(peer);
    byte[] known = state.identityKey;
    if (known != null && !Arrays.equals(known, bundle.identityKey())) {
      store.saveIdentity(address, identity);
      store.takeReplaced(peer);
      throw new SafetyNumberChangedException(peer, null);
    }
    if (state.trust == TrustState.CHANGED_UNACKNOWLEDGED) {
      throw new SafetyNumberChangedException(peer, null);
    }
    PreKeyBundle preKeyBundle =
        new PreKeyBundle(
            bundle.registrationId(),
            bundle.deviceId(),
            oneTimeId,
            oneTime,
            bundle.signedPreKey().id(),
            signed,
            bundle.signedPreKey().signature(),
            identity,
            bundle.kyberPreKey().id(),
            kyber,
            bundle.kyberPreKey().signature());
    try {
      new SessionBuilder(store, address).process(preKeyBundle, clock.instant());
    } catch (InvalidKeyException e) {
      throw SignalKeyException.badKey("the bundle was refused: " + e.getMessage(), e);
    } catch (UntrustedIdentityException e) {
      throw new SafetyNumberChangedException(peer, e);
    }
  }

  /** Whether this device has a session with {@code peer}. */
  public synchronized boolean hasSession(AccountToken peer) {
    return !store.peer(peer).sessions.isEmpty();
  }

  /**
   * The registration id of {@code peer}'s device that the current session was made with; empty
   * without a session. The server compares it with the device it has on file, which is how a sender
   * learns that the peer reinstalled.
   */
  public synchronized OptionalInt sessionRegistrationId(AccountToken peer) {
    PeerState state = store.peer(peer);
    if (state.sessions.isEmpty()) {
      return OptionalInt.empty();
    }
    SessionRecord record =
        store.loadSession(new SignalProtocolAddress(peer.text(), state.sessions.firstKey()));
    if (record == null || !record.hasSenderChain(clock.instant())) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(record.getRemoteRegistrationId());
  }

  /**
   * Forgets the sessions with {@code peer} (its device was replaced): the next message starts a new
   * one from a fresh bundle, which is where a changed identity key shows. The peer's known identity
   * key and its trust stay.
   */
  public synchronized void endSessions(AccountToken peer) {
    store.deleteAllSessions(peer.text());
  }

  /** How far {@code peer}'s key is trusted; empty for a contact this device never met. */
  public synchronized Optional<TrustState> trust(AccountToken peer) {
    PeerState state = store.peer(peer);
    return state.identityKey == null ? Optional.empty() : Optional.of(state.trust);
  }

  /** The user accepted {@code peer}'s changed safety number: sending to it works again. */
  public synchronized void acceptSafetyNumber(AccountToken peer) {
    setTrust(peer, TrustState.TRUSTED);
  }

  /** The user compared safety numbers with {@code peer} in person. */
  public synchronized void markVerified(AccountToken peer) {
    setTrust(peer, TrustState.VERIFIED);
  }

  private void setTrust(AccountToken peer, TrustState trust) {
    PeerState state = store.peer(peer);
    if (state.identityKey == null) {
      throw new IllegalStateException("this device has never seen that contact's key");
    }
    state.trust = trust;
    state.trustChangedAt = clock.millis();
    store.savePeer(peer, state);
  }

  /**
   * The safety number between this device ({@code self} is its account token) and {@code peer};
   * empty for a contact whose key this device has not seen.
   */
  public synchronized Optional<String> safetyNumber(AccountToken self, AccountToken peer) {
    byte[] known = store.peer(peer).identityKey;
    if (known == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(SafetyNumbers.of(self, identityKey(), peer, known));
    } catch (SignalKeyException e) {
      throw new SignalStorageException("a peer document holds a bad identity key", e);
    }
  }

  PersistentSignalStore store() {
    return store;
  }

  Clock clock() {
    return clock;
  }
}
