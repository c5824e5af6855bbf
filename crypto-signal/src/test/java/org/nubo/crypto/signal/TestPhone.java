package org.nubo.crypto.signal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.nubo.protocol.AccountToken;

/**
 * A phone in a test: an account token, its own document store, a {@link SignalDevice} and a {@link
 * Sealer} trusting the test's root, and a sender certificate from that root.
 */
final class TestPhone {
  static final long DAY = 86_400_000L;

  final AccountToken token;
  final SignalStateStore documents;
  final TestClock clock;
  private final CertificateAuthority authority;
  SignalDevice device;
  Sealer sealer;
  byte[] certificate;

  TestPhone(CertificateAuthority authority, TestClock clock) {
    this(randomToken(), SignalStateStore.inMemory(), authority, clock);
  }

  private TestPhone(
      AccountToken token,
      SignalStateStore documents,
      CertificateAuthority authority,
      TestClock clock) {
    this.token = token;
    this.documents = documents;
    this.clock = clock;
    this.authority = authority;
    this.device = SignalDevice.open(documents, clock);
    this.sealer = sealer(device, authority);
    this.certificate = certify();
  }

  /** The app restarts: everything in memory is gone, the documents stay. */
  void restart() {
    device = SignalDevice.open(documents, clock);
    sealer = sealer(device, authority);
  }

  /** The app is reinstalled: same account, new documents, hence a new identity. */
  TestPhone reinstall() {
    return new TestPhone(token, SignalStateStore.inMemory(), authority, clock);
  }

  byte[] certify() {
    try {
      return authority.issue(token.text(), 1, device.identityKey(), clock.millis() + DAY);
    } catch (SignalKeyException e) {
      throw new AssertionError(e);
    }
  }

  /** A bundle as the server would hand it out, popping one one-time key of each kind if asked. */
  PeerBundle bundle(boolean oneTime) {
    UploadBundle upload = device.generatePreKeys(oneTime ? 1 : 0, oneTime ? 1 : 0);
    return new PeerBundle(
        upload.identityKey(),
        upload.registrationId(),
        1,
        upload.signedPreKey(),
        oneTime ? upload.oneTimeKyberPreKeys().get(0) : upload.lastResortKyberPreKey(),
        oneTime ? Optional.of(upload.oneTimePreKeys().get(0)) : Optional.empty());
  }

  /** Seals {@code text} for {@code to}, first fetching its bundle if there is no session. */
  byte[] send(TestPhone to, String text) throws Exception {
    if (!device.hasSession(to.token)) {
      device.startSession(to.token, to.bundle(true));
    }
    return sealer.seal(to.token, certificate, text.getBytes(StandardCharsets.UTF_8));
  }

  String receive(byte[] envelope) throws Exception {
    return new String(sealer.unseal(envelope).plaintext(), StandardCharsets.UTF_8);
  }

  static AccountToken randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return AccountToken.of(bytes);
  }

  private static Sealer sealer(SignalDevice device, CertificateAuthority authority) {
    try {
      return new Sealer(device, List.of(authority.rootPublicKey()));
    } catch (SignalKeyException e) {
      throw new AssertionError(e);
    }
  }
}
