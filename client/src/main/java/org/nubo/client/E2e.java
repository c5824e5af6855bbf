package org.nubo.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.nubo.client.StoredState.Account;
import org.nubo.crypto.signal.DeliveryKeys;
import org.nubo.crypto.signal.OneTimePreKey;
import org.nubo.crypto.signal.PeerBundle;
import org.nubo.crypto.signal.SafetyNumberChangedException;
import org.nubo.crypto.signal.Sealer;
import org.nubo.crypto.signal.SessionMissingException;
import org.nubo.crypto.signal.SignalDevice;
import org.nubo.crypto.signal.SignalKeyException;
import org.nubo.crypto.signal.SignalSessionException;
import org.nubo.crypto.signal.SignalStateStore;
import org.nubo.crypto.signal.SignedPreKey;
import org.nubo.crypto.signal.TrustState;
import org.nubo.crypto.signal.Unsealed;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.api.KeyStatus;
import org.nubo.protocol.api.KeyUpload;
import org.nubo.protocol.api.PreKeyBundle;
import org.nubo.protocol.api.SenderCertificate;
import org.nubo.protocol.api.ServerInfo;

/**
 * The engine's end-to-end half (decision 0004): this device's Signal identity over the {@link
 * ClientStore}, its keys in the server's directory, the cached sender certificate, sessions with
 * contacts, the delivery tokens learnt from them and the sealed-sender trust root.
 *
 * <p>Threading: the blocking methods ({@link #setUp}, {@link #maintain}, {@link #topUp}, {@link
 * #prepare}) are called off the engine's lock and take {@link #uploads} only around key uploads;
 * they report changes through {@code persist}, which takes the engine's lock, never while holding
 * this object's monitor. The quick methods ({@link #seal}, {@link #open}, ...) are called under the
 * engine's lock; this object's monitor guards its own fields and is always the innermost lock.
 */
final class E2e {
  /** One-time prekeys kept on the server: the upload limits of {@code PUT /v1/keys}. */
  static final int PRE_KEYS = SignalDevice.MAX_ONE_TIME_PRE_KEYS;

  static final int KYBER_PRE_KEYS = SignalDevice.MAX_ONE_TIME_KYBER_PRE_KEYS;

  /** Below this many one-time keys of either kind on the server, the device tops up. */
  static final int LOW = 10;

  /** A sender certificate (24 h) is refreshed when less than this is left. */
  static final long CERTIFICATE_REFRESH_MILLIS = 12 * 60 * 60_000L;

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  /**
   * A sealed envelope ready to send: its bytes, the contact's delivery token if known, and the
   * registration id its session was made with (0 if unknown), which lets the server say the contact
   * reinstalled.
   */
  @SuppressWarnings("ArrayRecordComponent") // built and sent at once, never kept
  record Envelope(byte[] payload, Optional<byte[]> deliveryToken, int registrationId) {}

  /** Whether a message can be sealed for a contact now. */
  enum Readiness {
    READY,
    /** The contact's key changed just now (its new bundle); the app is told. */
    SAFETY_NUMBER_CHANGED_NOW,
    /** The contact's key changed earlier and the user has not accepted it. */
    SAFETY_NUMBER_CHANGED,
    /** No keys, no certificate, no identity or no network: the message goes by SMS. */
    UNAVAILABLE
  }

  private final SignalStateStore documents;
  private final KeyPlane keys;
  private final Clock clock;
  private final Optional<byte[]> pinnedRoot;
  private final Runnable persist;
  private final Object uploads = new Object();

  private @Nullable SignalDevice device;
  private @Nullable Sealer sealer;
  private byte @Nullable [] configRoot;
  private @Nullable String certificate;
  private long certificateExpiresAt;
  private boolean keysUploaded;
  private final Map<String, String> deliveryTokens = new HashMap<>();

  /**
   * @param pinnedRoot the sealed-sender trust root the app pinned; empty to take the one the server
   *     publishes in {@code GET /v1/config}
   * @param persist writes the engine's state document (which holds {@link #snapshot()})
   */
  E2e(
      ClientStore store,
      KeyPlane keys,
      Clock clock,
      Optional<byte[]> pinnedRoot,
      Runnable persist) {
    this.documents = documents(store);
    this.keys = keys;
    this.clock = clock;
    this.pinnedRoot = pinnedRoot;
    this.persist = persist;
  }

  /** The Signal documents live in the SDK's store, beside its state document. */
  private static SignalStateStore documents(ClientStore store) {
    return new SignalStateStore() {
      @Override
      public Optional<byte[]> read(String name) {
        return store.read(name);
      }

      @Override
      public void write(String name, byte[] document) {
        store.write(name, document);
      }

      @Override
      public void delete(String name) {
        store.delete(name);
      }
    };
  }

  // ---------------------------------------------------------------- state document

  /** Takes back what {@link #snapshot()} saved; opens the identity if messaging is on. */
  synchronized void restore(StoredState.@Nullable Sealed saved, boolean messaging) {
    if (saved != null) {
      certificate = saved.certificate();
      certificateExpiresAt = saved.certificateExpiresAtMillis();
      keysUploaded = saved.keysUploaded();
      if (saved.deliveryTokens() != null) {
        deliveryTokens.putAll(saved.deliveryTokens());
      }
    }
    if (messaging) {
      device = SignalDevice.open(documents, clock);
    }
  }

  synchronized StoredState.Sealed snapshot() {
    return new StoredState.Sealed(
        certificate, certificateExpiresAt, keysUploaded, new HashMap<>(deliveryTokens));
  }

  /** The server's config arrived: its root is used unless the app pinned one. */
  synchronized void useConfig(@Nullable ServerInfo config) {
    String root = config == null ? null : config.sealedSenderRoot();
    if (root == null || root.isEmpty() || pinnedRoot.isPresent()) {
      return;
    }
    byte[] decoded = decode(root);
    if (decoded != null && !java.util.Arrays.equals(decoded, configRoot)) {
      configRoot = decoded;
      sealer = null;
    }
  }

  // ---------------------------------------------------------------- keys on the server

  /**
   * Right after registration (blocking): creates the identity if there is none, uploads keys and
   * the delivery key, and fetches a sender certificate. A failure leaves {@code keysUploaded}
   * false, and {@link #maintain} tries again on the next connection.
   */
  void setUp(Account account) {
    SignalDevice opened;
    synchronized (this) {
      SignalDevice current = device;
      opened = current == null ? SignalDevice.open(documents, clock) : current;
      device = opened;
    }
    synchronized (uploads) {
      keys.uploadKeys(account, upload(opened.generatePreKeys(PRE_KEYS, KYBER_PRE_KEYS)));
      keys.registerDeliveryKey(account, BASE64.encodeToString(opened.deliveryKey()));
      synchronized (this) {
        keysUploaded = true;
      }
    }
    persist.run();
    refreshCertificate(account, true);
  }

  /**
   * On every connection (blocking): finishes an interrupted set-up, tops up the server's one-time
   * keys when they run low and refreshes the sender certificate when less than 12 h is left.
   */
  void maintain(Account account) {
    boolean uploaded;
    synchronized (this) {
      uploaded = keysUploaded;
    }
    if (!uploaded) {
      setUp(account);
      return;
    }
    KeyStatus status;
    try {
      status = keys.keyStatus(account);
    } catch (ServerException e) {
      if (e.status() == 404) {
        setUp(account); // the server has no keys for this device (it lost or replaced them)
        return;
      }
      throw e;
    }
    topUp(account, status.preKeys(), status.kyberPreKeys());
    refreshCertificate(account, false);
  }

  /** Uploads fresh one-time keys if the server holds fewer than {@link #LOW} of either kind. */
  void topUp(Account account, int preKeysLeft, int kyberPreKeysLeft) {
    if (preKeysLeft >= LOW && kyberPreKeysLeft >= LOW) {
      return;
    }
    SignalDevice current = device();
    if (current == null) {
      return;
    }
    synchronized (uploads) {
      int ec = Math.max(0, PRE_KEYS - preKeysLeft);
      int kyber = Math.max(0, KYBER_PRE_KEYS - kyberPreKeysLeft);
      keys.uploadKeys(account, upload(current.generatePreKeys(ec, kyber)));
    }
  }

  private void refreshCertificate(Account account, boolean always) {
    synchronized (this) {
      if (!always
          && certificate != null
          && certificateExpiresAt - clock.millis() >= CERTIFICATE_REFRESH_MILLIS) {
        return;
      }
    }
    SenderCertificate fresh = keys.senderCertificate(account);
    synchronized (this) {
      certificate = fresh.certificate();
      certificateExpiresAt = fresh.expiresAt();
    }
    persist.run();
  }

  /** Messaging was turned off: forget the identity, the sessions and everything learnt. */
  void forget() {
    synchronized (this) {
      device = null;
      sealer = null;
      certificate = null;
      certificateExpiresAt = 0;
      keysUploaded = false;
      deliveryTokens.clear();
    }
    SignalDevice.forget(documents, clock);
  }

  private static KeyUpload upload(org.nubo.crypto.signal.UploadBundle bundle) {
    List<KeyUpload.PreKey> preKeys = new ArrayList<>();
    for (OneTimePreKey key : bundle.oneTimePreKeys()) {
      preKeys.add(new KeyUpload.PreKey(key.id(), BASE64.encodeToString(key.publicKey())));
    }
    List<KeyUpload.SignedPreKey> kyber = new ArrayList<>();
    for (SignedPreKey key : bundle.oneTimeKyberPreKeys()) {
      kyber.add(json(key));
    }
    return new KeyUpload(
        bundle.registrationId(),
        BASE64.encodeToString(bundle.identityKey()),
        json(bundle.signedPreKey()),
        json(bundle.lastResortKyberPreKey()),
        preKeys,
        kyber);
  }

  private static KeyUpload.SignedPreKey json(SignedPreKey key) {
    return new KeyUpload.SignedPreKey(
        key.id(), BASE64.encodeToString(key.publicKey()), BASE64.encodeToString(key.signature()));
  }

  // ---------------------------------------------------------------- sending

  /**
   * Makes sure a message to {@code token} can be sealed (blocking): starts a session from a fetched
   * bundle if there is none, and refreshes the sender certificate if it runs short. The bundle is
   * fetched with the contact's delivery token when this device learnt it, so the server is not told
   * who is about to write; otherwise with this device's credential.
   */
  Readiness prepare(Account account, String token) {
    SignalDevice current = device();
    if (current == null) {
      return Readiness.UNAVAILABLE;
    }
    AccountToken peer = AccountToken.parse(token);
    if (current.trust(peer).orElse(TrustState.TRUSTED) == TrustState.CHANGED_UNACKNOWLEDGED) {
      return Readiness.SAFETY_NUMBER_CHANGED;
    }
    try {
      refreshCertificate(account, false);
      if (!current.hasSession(peer)) {
        current.startSession(peer, bundle(fetch(account, token)));
      }
      return Readiness.READY;
    } catch (SafetyNumberChangedException e) {
      return Readiness.SAFETY_NUMBER_CHANGED_NOW;
    } catch (NuboException | SignalKeyException | IllegalArgumentException e) {
      return Readiness.UNAVAILABLE;
    }
  }

  private PreKeyBundle fetch(Account account, String token) {
    Optional<String> deliveryToken;
    synchronized (this) {
      deliveryToken = Optional.ofNullable(deliveryTokens.get(token));
    }
    try {
      return keys.fetchBundle(account, token, deliveryToken);
    } catch (ServerException e) {
      if (deliveryToken.isPresent() && e.status() == 401) {
        // The contact rotated its profile key: the token is stale; ask as ourselves instead.
        synchronized (this) {
          deliveryTokens.remove(token);
        }
        return keys.fetchBundle(account, token, Optional.empty());
      }
      throw e;
    }
  }

  private static PeerBundle bundle(PreKeyBundle json) {
    Optional<OneTimePreKey> oneTime = Optional.empty();
    KeyUpload.PreKey preKey = json.preKey();
    if (preKey != null) {
      oneTime = Optional.of(new OneTimePreKey(preKey.keyId(), decodeOrFail(preKey.publicKey())));
    }
    return new PeerBundle(
        decodeOrFail(json.identityKey()),
        json.registrationId(),
        json.deviceId(),
        signed(json.signedPreKey()),
        signed(json.kyberPreKey()),
        oneTime);
  }

  private static SignedPreKey signed(KeyUpload.SignedPreKey json) {
    return new SignedPreKey(
        json.keyId(), decodeOrFail(json.publicKey()), decodeOrFail(json.signature()));
  }

  /** This device's profile key, for the Content of every message it sends. */
  synchronized byte[] profileKey() {
    SignalDevice current = device;
    return current == null ? new byte[0] : current.profileKey();
  }

  /**
   * Encrypts and seals {@code content} for {@code token} with this device's sender certificate;
   * null when that cannot be done now (no session, no certificate, no identity).
   *
   * @throws SafetyNumberChangedException the contact's key changed and was not accepted
   */
  @Nullable Envelope seal(String token, byte[] content) throws SafetyNumberChangedException {
    Sealer current;
    String sender;
    byte[] deliveryToken;
    synchronized (this) {
      current = sealer();
      sender = certificate;
      String known = deliveryTokens.get(token);
      deliveryToken = known == null ? null : decode(known);
    }
    if (current == null || sender == null) {
      return null;
    }
    byte[] senderCertificate = decode(sender);
    if (senderCertificate == null) {
      return null;
    }
    try {
      AccountToken peer = AccountToken.parse(token);
      return new Envelope(
          current.seal(peer, senderCertificate, content),
          Optional.ofNullable(deliveryToken),
          sessionRegistrationId(peer));
    } catch (SessionMissingException | IllegalArgumentException e) {
      return null;
    }
  }

  private int sessionRegistrationId(AccountToken peer) {
    SignalDevice current = device();
    return current == null ? 0 : current.sessionRegistrationId(peer).orElse(0);
  }

  /**
   * The server says {@code token}'s device was replaced: forget the session, so the next message
   * fetches the new bundle (and a changed identity key is shown, never silently taken).
   */
  void endSessions(String token) {
    SignalDevice current = device();
    if (current != null) {
      current.endSessions(AccountToken.parse(token));
    }
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Unseals an envelope; the session is written before this returns. Null while no trust root is
   * known (the server's config has not arrived and the app pinned none): do not acknowledge.
   *
   * @throws SignalSessionException a duplicate, an unreadable envelope or an expired certificate:
   *     do not acknowledge
   */
  @Nullable Unsealed open(byte[] envelope) throws SignalSessionException {
    Sealer current;
    synchronized (this) {
      current = sealer();
    }
    return current == null ? null : current.unseal(envelope);
  }

  /** The contact {@code token} sent its profile key: remember its delivery token for replies. */
  synchronized void remember(String token, byte[] profileKey) {
    if (profileKey.length == DeliveryKeys.PROFILE_KEY_BYTES) {
      String derived = BASE64.encodeToString(DeliveryKeys.derive(profileKey));
      deliveryTokens.put(token, derived);
    }
  }

  // ---------------------------------------------------------------- safety numbers

  /** The safety number with {@code token}; empty for a contact whose key was never seen. */
  Optional<String> safetyNumber(String self, String token) {
    SignalDevice current = device();
    if (current == null) {
      return Optional.empty();
    }
    return current.safetyNumber(AccountToken.parse(self), AccountToken.parse(token));
  }

  /** Whether the contact's changed key waits for the user's acceptance. */
  boolean changedUnacknowledged(String token) {
    SignalDevice current = device();
    return current != null
        && current.trust(AccountToken.parse(token)).orElse(TrustState.TRUSTED)
            == TrustState.CHANGED_UNACKNOWLEDGED;
  }

  /**
   * The user accepted the contact's new safety number.
   *
   * @return false if this device never saw the contact's key
   */
  boolean acceptSafetyNumber(String token) {
    SignalDevice current = device();
    AccountToken peer = AccountToken.parse(token);
    if (current == null || !current.trust(peer).isPresent()) {
      return false;
    }
    current.acceptSafetyNumber(peer);
    return true;
  }

  // ---------------------------------------------------------------- helpers

  private synchronized @Nullable SignalDevice device() {
    return device;
  }

  /** Needs the monitor. */
  private @Nullable Sealer sealer() {
    Sealer current = sealer;
    SignalDevice opened = device;
    byte[] root = pinnedRoot.orElse(configRoot);
    if (current != null || opened == null || root == null) {
      return current;
    }
    try {
      current = new Sealer(opened, List.of(root));
    } catch (SignalKeyException e) {
      return null; // a root that is not a key seals and opens nothing
    }
    sealer = current;
    return current;
  }

  /** Base64url or base64, with or without padding; null if it is neither. */
  static byte @Nullable [] decode(String text) {
    try {
      return Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] decodeOrFail(String text) {
    byte[] bytes = decode(text);
    if (bytes == null) {
      throw new IllegalArgumentException("a key in the bundle is not base64url");
    }
    return bytes;
  }
}
