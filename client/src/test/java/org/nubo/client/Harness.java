package org.nubo.client;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nubo.crypto.oprf.BlindedElement;
import org.nubo.crypto.oprf.EvaluatedElement;
import org.nubo.crypto.oprf.OprfEvaluation;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;
import org.nubo.protocol.api.OprfEvaluate;
import org.nubo.protocol.api.OprfEvaluated;
import org.nubo.protocol.api.Register;
import org.nubo.protocol.api.Registration;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.protocol.api.VerificationSession;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * An engine wired to fakes: no network, a manual scheduler, events recorded inline. The crypto is
 * real: the engine's Signal identity talks to {@link Peer}s through a shared {@link FakeKeys}.
 */
final class Harness {
  static final String ME = "+14155550101";
  static final String ALICE = "+14155550102";
  static final String BOB = "+14155550103";

  final ManualScheduler scheduler;
  final ClientStore store;
  final String number;
  final FakeKeys keys;
  final FakeControl control;
  final FakeConnector connector = new FakeConnector();
  final FakeConnector sealedConnector = new FakeConnector();
  final RecordingSms sms = new RecordingSms();
  final List<NuboEvent> events = new CopyOnWriteArrayList<>();

  /** What the engine sent, on both sockets. */
  final List<ClientFrame> frames = new CopyOnWriteArrayList<>();

  private final Map<String, Peer> peers = new HashMap<>();
  Engine engine;

  Harness() {
    this(ClientStore.inMemory());
  }

  Harness(ClientStore store) {
    this(store, new ManualScheduler(now()), null, ME);
  }

  /**
   * Test time starts at the real time: libsignal's encrypt checks a new session's age against the
   * system clock, so a session started at a made-up date months ago counts as stale.
   */
  static Instant now() {
    return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** A phone with the number {@code number} sharing {@code keys} (a new directory if null). */
  Harness(
      ClientStore store,
      ManualScheduler scheduler,
      @org.jspecify.annotations.Nullable FakeKeys keys,
      String number) {
    this.store = store;
    this.scheduler = scheduler;
    this.number = number;
    this.keys = keys == null ? new FakeKeys(scheduler.clock()) : keys;
    this.control = new FakeControl(number, this.keys.root());
    this.engine = newEngine();
  }

  Engine newEngine() {
    Engine created =
        new Engine(
            scheduler.clock(),
            scheduler,
            Runnable::run,
            store,
            sms,
            control,
            keys,
            connector,
            sealedConnector,
            java.util.Optional.<byte[]>empty(),
            new Numbers("US"),
            new SecureRandom(),
            NuboClient.objectMapper(),
            new Discovery(
                control,
                store,
                scheduler.clock(),
                new SecureRandom(),
                NuboClient.objectMapper(),
                KEY.publicKey(),
                org.nubo.crypto.oprf.Ristretto255.pureJava()));
    created.subscribe(events::add);
    created.start();
    return created;
  }

  /** Simulates the process dying and starting again on the same store. */
  void restart() {
    engine = newEngine();
  }

  void register() {
    engine.startVerification(number);
    engine.confirmCode("123456");
    scheduler.runDue();
  }

  /** Both sockets open. */
  void connect() {
    engine.connected(
        frame -> {
          frames.add(frame);
          return true;
        });
    connectSealed();
  }

  void connectSealed() {
    engine.sealedConnected(
        frame -> {
          frames.add(frame);
          return true;
        });
    scheduler.runDue();
  }

  /** A frame on the authenticated socket. */
  void feed(ServerFrame frame) {
    engine.frame(frame);
    scheduler.runDue();
  }

  /** A frame on the sealed socket (Replies to SealedSend, Outcomes). */
  void feedSealed(ServerFrame frame) {
    engine.sealedFrame(frame);
    scheduler.runDue();
  }

  /** A contact with real keys in the directory, known to the fake lookup. */
  Peer peer(String peerNumber) {
    return peers.computeIfAbsent(
        peerNumber,
        n -> {
          control.users.put(n, tokenOf(n));
          return new Peer(n, keys, scheduler.clock());
        });
  }

  ClientFrame lastFrame() {
    return frames.get(frames.size() - 1);
  }

  List<ClientFrame> framesOf(ClientFrame.BodyCase kind) {
    List<ClientFrame> found = new ArrayList<>();
    for (ClientFrame frame : frames) {
      if (frame.getBodyCase() == kind) {
        found.add(frame);
      }
    }
    return found;
  }

  <T extends NuboEvent> List<T> eventsOf(Class<T> type) {
    List<T> found = new ArrayList<>();
    for (NuboEvent event : events) {
      if (type.isInstance(event)) {
        found.add(type.cast(event));
      }
    }
    return found;
  }

  OutgoingMessage message(long id) {
    for (OutgoingMessage message : engine.outbox()) {
      if (message.id() == id) {
        return message;
      }
    }
    throw new AssertionError("no message " + id);
  }

  /** The fake server's OPRF key. */
  static final OprfServerKey KEY = OprfServerKey.derive(new byte[32], new byte[0]);

  /** The token a number has on the fake server: the OPRF output's first 32 bytes. */
  static String tokenOf(String number) {
    return AccountToken.fromOprfOutput(KEY.evaluateDirect(number.getBytes(UTF_8))).text();
  }

  private static final java.nio.charset.Charset UTF_8 = java.nio.charset.StandardCharsets.UTF_8;

  static final class FakeControl implements ControlPlane {
    final Map<String, String> users = new HashMap<>();

    /** Blinded elements evaluated: the only trace of discovery a server has. */
    int evaluated;

    int filterFetches;
    int disables;
    private final String number;
    ServerInfo config;

    FakeControl(String number, String root) {
      this.number = number;
      this.config =
          new ServerInfo(
              "test",
              3000,
              1000,
              65536,
              root,
              Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(KEY.publicKey().toByteArray()));
    }

    @Override
    public VerificationSession startVerification(String number) {
      return new VerificationSession("session-1", 60, 600);
    }

    @Override
    public Registration register(Register register) {
      return new Registration(tokenOf(number), register.deviceId());
    }

    @Override
    public void disableMessaging(StoredState.Account account) {
      disables++;
    }

    @Override
    public OprfEvaluated evaluate(StoredState.Account account, OprfEvaluate request) {
      RuntimeException failure = evaluationFailure;
      if (failure != null) {
        throw failure;
      }
      List<BlindedElement> blinded = new ArrayList<>();
      for (String element : request.blindedElements()) {
        blinded.add(BlindedElement.fromBytes(Base64.getUrlDecoder().decode(element)));
      }
      evaluated += blinded.size();
      OprfEvaluation answer = KEY.evaluate(blinded, new SecureRandom());
      List<String> elements = new ArrayList<>();
      for (EvaluatedElement element : answer.evaluatedElements()) {
        elements.add(Base64.getUrlEncoder().withoutPadding().encodeToString(element.toByteArray()));
      }
      return new OprfEvaluated(
          elements,
          Base64.getUrlEncoder().withoutPadding().encodeToString(answer.proof().toByteArray()));
    }

    /** Thrown by every evaluation while set. */
    @org.jspecify.annotations.Nullable RuntimeException evaluationFailure;

    /** The last filter request's {@code since} and {@code If-None-Match}. */
    long lastSince;

    @org.jspecify.annotations.Nullable String lastEtag;

    private @org.jspecify.annotations.Nullable Map<String, String> served;
    private long servedVersion;

    /**
     * A whole filter of {@link #users}, at a new version whenever they changed since the last one
     * served; "not modified" (null) to a phone that names the current version's ETag.
     */
    @Override
    public ControlPlane.@org.jspecify.annotations.Nullable FilterDownload filter(
        StoredState.Account account, long since, @org.jspecify.annotations.Nullable String etag) {
      filterFetches++;
      lastSince = since;
      lastEtag = etag;
      if (!users.equals(served)) {
        served = new HashMap<>(users);
        servedVersion++;
      }
      String tag = "\"" + servedVersion + "\"";
      if (tag.equals(etag)) {
        return null;
      }
      long[] keys =
          users.values().stream()
              .mapToLong(t -> DirectoryFilter.keyOf(AccountToken.parse(t)))
              .toArray();
      DirectoryFilter filter = DirectoryFilter.build(keys);
      return new ControlPlane.FilterDownload(
          tag,
          DirectoryUpdate.full(servedVersion, servedVersion, filter, new long[0], new long[0])
              .encode());
    }

    @Override
    public ServerInfo config() {
      return config;
    }
  }

  static final class FakeConnector implements Engine.Connector {
    int opens;
    int closes;

    @Override
    public void open(StoredState.Account account) {
      opens++;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  static final class RecordingSms implements SmsTransport {
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failing;

    @Override
    public void send(String e164Number, String text) {
      if (failing) {
        throw new SmsFailedException("no signal");
      }
      sent.add(e164Number + ": " + text);
    }
  }
}
