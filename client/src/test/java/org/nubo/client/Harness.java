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

/** An engine wired to fakes: no network, a manual scheduler, events recorded inline. */
final class Harness {
  static final String ME = "+14155550101";
  static final String ALICE = "+14155550102";
  static final String BOB = "+14155550103";

  final ManualScheduler scheduler = new ManualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
  final ClientStore store;
  final FakeControl control = new FakeControl();
  final FakeConnector connector = new FakeConnector();
  final RecordingSms sms = new RecordingSms();
  final List<NuboEvent> events = new CopyOnWriteArrayList<>();
  final List<ClientFrame> frames = new CopyOnWriteArrayList<>();
  Engine engine;

  Harness() {
    this(ClientStore.inMemory());
  }

  Harness(ClientStore store) {
    this.store = store;
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
            connector,
            new Numbers("US"),
            new SecureRandom(),
            NuboClient.objectMapper(),
            new Discovery(
                control,
                store,
                scheduler.clock(),
                new SecureRandom(),
                NuboClient.objectMapper(),
                KEY.publicKey()));
    created.subscribe(events::add);
    created.start();
    return created;
  }

  /** Simulates the process dying and starting again on the same store. */
  void restart() {
    engine = newEngine();
  }

  void register() {
    engine.startVerification(ME);
    engine.confirmCode("123456");
    scheduler.runDue();
  }

  void connect() {
    engine.connected(
        frame -> {
          frames.add(frame);
          return true;
        });
    scheduler.runDue();
  }

  void feed(ServerFrame frame) {
    engine.frame(frame);
    scheduler.runDue();
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
    ServerInfo config =
        new ServerInfo(
            "test",
            3000,
            1000,
            65536,
            "",
            Base64.getUrlEncoder().withoutPadding().encodeToString(KEY.publicKey().toByteArray()));

    @Override
    public VerificationSession startVerification(String number) {
      return new VerificationSession("session-1", 60, 600);
    }

    @Override
    public Registration register(Register register) {
      return new Registration(tokenOf(ME), register.deviceId());
    }

    @Override
    public void disableMessaging(StoredState.Account account) {
      disables++;
    }

    @Override
    public OprfEvaluated evaluate(StoredState.Account account, OprfEvaluate request) {
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

    /** A whole filter of {@link #users} every time, at a new version. */
    @Override
    public ControlPlane.FilterDownload filter(
        StoredState.Account account, long since, @org.jspecify.annotations.Nullable String etag) {
      filterFetches++;
      long[] keys =
          users.values().stream()
              .mapToLong(t -> DirectoryFilter.keyOf(AccountToken.parse(t)))
              .toArray();
      DirectoryFilter filter = DirectoryFilter.build(keys);
      return new ControlPlane.FilterDownload(
          "\"" + filterFetches + "\"",
          DirectoryUpdate.full(filterFetches, filterFetches, filter, new long[0], new long[0])
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
