package org.nubo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nubo.client.FileClientStore;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.PeerBundle;
import org.nubo.crypto.signal.Sealer;
import org.nubo.crypto.signal.SignalDevice;
import org.nubo.crypto.signal.SignalStateStore;
import org.nubo.crypto.signal.UploadBundle;
import org.nubo.protocol.AccountToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The SDK's end-to-end cost per message on one thread, hence per core: one phone seals a message
 * (Signal encrypt plus sealed-sender wrap, 160-byte padded) and the other unseals it (certificate
 * check, decrypt), over an established session, the way {@code E2e} calls crypto-signal. With
 * {@code --store file} each step also writes the contact's session document through {@link
 * FileClientStore} (write, fsync, rename), as the SDK does on a phone.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'bench/target/nubo-bench.jar:bench/target/lib/*' \
 *     org.nubo.bench.Bench seal --messages 20000 --store memory
 * </pre>
 */
@Command(
    name = "seal",
    mixinStandardHelpOptions = true,
    description = "Seal+unseal rate of the SDK's Signal path on one thread.")
final class SealCommand implements Callable<Integer> {
  @Option(names = "--messages", description = "Measured messages (default ${DEFAULT-VALUE}).")
  int messages = 20_000;

  @Option(names = "--warmup", description = "Warm-up messages (default ${DEFAULT-VALUE}).")
  int warmup = 5_000;

  @Option(
      names = "--store",
      description = "memory or file: where the Signal documents go (default ${DEFAULT-VALUE}).")
  String store = "memory";

  @Option(names = "--text-bytes", description = "Text length (default ${DEFAULT-VALUE}).")
  int textBytes = 60;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    CertificateAuthority authority = CertificateAuthority.generate();
    Path dir = Files.createTempDirectory("nubo-seal-bench");
    SignalDevice alice = SignalDevice.open(documents(dir.resolve("alice")), clock);
    SignalDevice bob = SignalDevice.open(documents(dir.resolve("bob")), clock);
    AccountToken aliceToken = randomToken();
    AccountToken bobToken = randomToken();
    byte[] aliceCertificate = certify(authority, aliceToken, alice, clock);
    byte[] bobCertificate = certify(authority, bobToken, bob, clock);
    Sealer aliceSealer = new Sealer(alice, List.of(authority.rootPublicKey()));
    Sealer bobSealer = new Sealer(bob, List.of(authority.rootPublicKey()));
    alice.startSession(bobToken, bundle(bob.generatePreKeys(1, 1)));
    byte[] content = new byte[textBytes + 40]; // text, number, time and the 32-byte profile key
    new SecureRandom().nextBytes(content);
    // The first exchange in each direction turns the PreKey session into a plain ratchet.
    bobSealer.unseal(aliceSealer.seal(bobToken, aliceCertificate, content));
    aliceSealer.unseal(bobSealer.seal(aliceToken, bobCertificate, content));

    long[] nanos = new long[2];
    run(aliceSealer, bobSealer, bobToken, aliceCertificate, content, warmup, nanos);
    nanos[0] = 0;
    nanos[1] = 0;
    long started = System.nanoTime();
    int envelopeBytes =
        run(aliceSealer, bobSealer, bobToken, aliceCertificate, content, messages, nanos);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "seal store=%s messages=%d content=%dB envelope=%dB%n"
            + "  seal+unseal: %.0f messages/s on one thread (%.1f µs each)%n"
            + "  seal %.1f µs, unseal %.1f µs%n",
        store,
        messages,
        content.length,
        envelopeBytes,
        messages / seconds,
        seconds * 1e6 / messages,
        nanos[0] / 1e3 / messages,
        nanos[1] / 1e3 / messages);
    return 0;
  }

  private static int run(
      Sealer from,
      Sealer to,
      AccountToken recipient,
      byte[] certificate,
      byte[] content,
      int count,
      long[] nanos)
      throws Exception {
    int size = 0;
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      byte[] envelope = from.seal(recipient, certificate, content);
      long t1 = System.nanoTime();
      to.unseal(envelope);
      nanos[0] += t1 - t0;
      nanos[1] += System.nanoTime() - t1;
      size = envelope.length;
    }
    return size;
  }

  private SignalStateStore documents(Path dir) {
    if (store.equals("memory")) {
      return SignalStateStore.inMemory();
    }
    if (!store.equals("file")) {
      throw new IllegalArgumentException("--store is memory or file");
    }
    return new FileClientStore(dir);
  }

  private static AccountToken randomToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return AccountToken.of(bytes);
  }

  private static byte[] certify(
      CertificateAuthority authority, AccountToken token, SignalDevice device, Clock clock)
      throws Exception {
    return authority.issue(token.text(), 1, device.identityKey(), clock.millis() + 24 * 3_600_000L);
  }

  private static PeerBundle bundle(UploadBundle upload) {
    return new PeerBundle(
        upload.identityKey(),
        upload.registrationId(),
        1,
        upload.signedPreKey(),
        upload.oneTimeKyberPreKeys().get(0),
        Optional.of(upload.oneTimePreKeys().get(0)));
  }
}
