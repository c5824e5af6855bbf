package org.nubo.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.SignalKeyException;
import org.nubo.protocol.api.KeyStatus;
import org.nubo.protocol.api.KeyUpload;
import org.nubo.protocol.api.PreKeyBundle;
import org.nubo.protocol.api.SenderCertificate;

/**
 * The server's key directory and certificate authority, in memory, with real keys: what the key
 * routes do, minus HTTP, storage and rate limits. Several phones in one test share one.
 */
final class FakeKeys implements KeyPlane {
  static final long CERTIFICATE_MILLIS = Duration.ofHours(24).toMillis();

  final CertificateAuthority authority = CertificateAuthority.generate();
  final AtomicInteger uploads = new AtomicInteger();
  final AtomicInteger fetches = new AtomicInteger();
  private final Clock clock;
  private final Map<String, Directory> accounts = new HashMap<>();

  /** One account's keys as the server holds them. */
  private static final class Directory {
    KeyUpload latest;
    final Deque<KeyUpload.PreKey> preKeys = new ArrayDeque<>();
    final Deque<KeyUpload.SignedPreKey> kyberPreKeys = new ArrayDeque<>();
    String deliveryKey = "";

    Directory(KeyUpload latest) {
      this.latest = latest;
    }
  }

  FakeKeys(Clock clock) {
    this.clock = clock;
  }

  /** The root the phones pin, as the server publishes it. */
  String root() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(authority.rootPublicKey());
  }

  @Override
  public synchronized void uploadKeys(StoredState.Account account, KeyUpload keys) {
    uploads.incrementAndGet();
    Directory directory = accounts.get(account.accountToken());
    if (directory == null || !directory.latest.identityKey().equals(keys.identityKey())) {
      // A new identity is a new registration here: the old device's keys go with it.
      directory = new Directory(keys);
      accounts.put(account.accountToken(), directory);
    }
    directory.latest = keys;
    directory.preKeys.addAll(keys.preKeys());
    directory.kyberPreKeys.addAll(keys.kyberPreKeys());
  }

  @Override
  public synchronized KeyStatus keyStatus(StoredState.Account account) {
    Directory directory = accounts.get(account.accountToken());
    if (directory == null) {
      throw new ServerException(404, "no_keys", "no keys", Duration.ZERO);
    }
    return new KeyStatus(
        directory.preKeys.size(),
        directory.kyberPreKeys.size(),
        directory.latest.signedPreKey().keyId(),
        0);
  }

  @Override
  public synchronized PreKeyBundle fetchBundle(
      StoredState.Account account, String token, Optional<String> deliveryToken) {
    fetches.incrementAndGet();
    Directory directory = accounts.get(token);
    if (deliveryToken.isPresent()
        && (directory == null || !directory.deliveryKey.equals(deliveryToken.get()))) {
      throw new ServerException(401, "bad_delivery_token", "bad token", Duration.ZERO);
    }
    if (directory == null) {
      throw new ServerException(404, "no_keys", "no keys", Duration.ZERO);
    }
    KeyUpload.SignedPreKey kyber = directory.kyberPreKeys.pollFirst();
    return new PreKeyBundle(
        directory.latest.identityKey(),
        directory.latest.registrationId(),
        1,
        directory.latest.signedPreKey(),
        directory.preKeys.pollFirst(),
        kyber == null ? directory.latest.lastResortKyberPreKey() : kyber);
  }

  @Override
  public synchronized SenderCertificate senderCertificate(StoredState.Account account) {
    Directory directory = accounts.get(account.accountToken());
    if (directory == null) {
      throw new ServerException(409, "no_identity_key", "upload keys first", Duration.ZERO);
    }
    long expires = clock.millis() + CERTIFICATE_MILLIS;
    try {
      byte[] certificate =
          authority.issue(
              account.accountToken(),
              1,
              Base64.getUrlDecoder().decode(directory.latest.identityKey()),
              expires);
      return new SenderCertificate(
          Base64.getUrlEncoder().withoutPadding().encodeToString(certificate), expires);
    } catch (SignalKeyException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public synchronized void registerDeliveryKey(StoredState.Account account, String deliveryKey) {
    Directory directory = accounts.get(account.accountToken());
    if (directory != null) {
      directory.deliveryKey = deliveryKey;
    }
  }

  /** How many one-time EC prekeys the server holds for {@code token}. */
  synchronized int preKeysOf(String token) {
    Directory directory = accounts.get(token);
    return directory == null ? 0 : directory.preKeys.size();
  }

  /** The server hands out keys until only {@code left} one-time EC prekeys remain. */
  synchronized void drain(String token, int left) {
    Directory directory = accounts.get(token);
    while (directory != null && directory.preKeys.size() > left) {
      directory.preKeys.pollFirst();
    }
  }
}
