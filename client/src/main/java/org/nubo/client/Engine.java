package org.nubo.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nubo.client.NuboEvent.ConnectionChanged;
import org.nubo.client.NuboEvent.MessageReceived;
import org.nubo.client.NuboEvent.MessageUpdated;
import org.nubo.client.NuboEvent.MessagingChanged;
import org.nubo.client.NuboEvent.ReachabilityChanged;
import org.nubo.client.NuboEvent.SafetyNumberChanged;
import org.nubo.client.OutgoingMessage.Failure;
import org.nubo.client.OutgoingMessage.State;
import org.nubo.client.StoredState.Account;
import org.nubo.client.StoredState.HeldEnvelope;
import org.nubo.client.StoredState.OutboxEntry;
import org.nubo.client.StoredState.PendingSession;
import org.nubo.crypto.Secrets;
import org.nubo.crypto.signal.SafetyNumberChangedException;
import org.nubo.crypto.signal.SignalSessionException;
import org.nubo.crypto.signal.Unsealed;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.SmsTag;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.api.Register;
import org.nubo.protocol.api.Registration;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.protocol.api.VerificationSession;
import org.nubo.protocol.wire.Ack;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Content;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.ProbeRequest;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.Resolve;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

/**
 * The SDK's state machine: settings, outbox, inbox, held envelopes, dedupe keys and probes.
 *
 * <p>Threading: every field below {@link #lock} is guarded by it; callers are the app's threads,
 * OkHttp's socket threads and the scheduler. Nothing slow runs under the lock except writing the
 * state document: REST calls and the SMS transport run on the scheduler, outside it. Events are
 * handed to the event executor while the lock is held, so they leave in the order things happened.
 *
 * <p>Exactly once, for outgoing messages: a message reaches one final state because {@link #finish}
 * refuses to touch a final message, and every path to SMS goes through {@link #startSms}, which
 * refuses a message already on its way by SMS. For incoming messages: an envelope is held until
 * Settle says SHOW (or Resolve says UNKNOWN), and {@link #show} adds the key {@code (sender,
 * message id)} to the persisted {@code seen} set in the same document write that adds it to the
 * inbox, so neither a second envelope nor the tagged SMS copy can show it again.
 *
 * <p>Messages travel end to end encrypted and sealed ({@link E2e}, decision 0004): sent as {@code
 * SealedSend} on a second socket opened without credentials, whose Replies and Outcomes come back
 * on it, and received as sealed {@code Deliver}s on the authenticated socket. The outbox logic is
 * the same whichever socket carries a message.
 *
 * <p>The data plane is fed through {@link #connected}, {@link #frame} and {@link #disconnected},
 * and the sealed socket through {@link #sealedConnected}, {@link #sealedFrame} and {@link
 * #sealedDisconnected}; tests drive those directly with frames they build.
 */
final class Engine {
  static final String DOCUMENT = "state";
  static final long DEFAULT_DELIVERY_WINDOW_MILLIS = 3_000;
  static final long DEFAULT_PROBE_WINDOW_MILLIS = 1_000;
  static final long OUTCOME_GRACE_MILLIS = 2_000;
  static final long HELD_GRACE_MILLIS = 10_000;
  static final long REACHABILITY_TTL_MILLIS = 10_000;
  static final long PING_MILLIS = 30_000;
  static final int MAX_INBOX = 500;
  static final int MAX_FINAL_OUTBOX = 500;
  static final int MAX_SEEN = 10_000;

  /** Where frames go while a connection is open. */
  interface FrameSink {
    /** Queues {@code frame}; false if the connection is already gone. */
    boolean send(ClientFrame frame);
  }

  /** Opens and closes the data-plane connection; it reports back through the engine's methods. */
  interface Connector {
    void open(Account account);

    void close();
  }

  /** What a frame the device sent was, so its Reply can be matched. */
  private sealed interface Pending {
    record SendRequest(long messageId) implements Pending {}

    record ProbeRequest(String token) implements Pending {}

    record ResolveRequest(List<Long> deliveryIds) implements Pending {}

    record Other() implements Pending {}

    /** Ack and ProbeAnswer: the server answers them by their effects, never with a Reply. */
    record NoReply() implements Pending {}
  }

  private static final class ProbeWait {
    final String number;
    final long nonce;
    final List<CompletableFuture<Reachability>> waiters = new ArrayList<>();
    @Nullable ScheduledFuture<?> timeout;

    ProbeWait(String number, long nonce) {
      this.number = number;
      this.nonce = nonce;
    }
  }

  private record Known(Reachability value, long atMillis) {}

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor events;
  private final ClientStore store;
  private final SmsTransport sms;
  private final ControlPlane control;
  private final Connector connector;
  private final Connector sealedConnector;
  private final E2e e2e;
  private final Numbers numbers;
  private final SecureRandom random;
  private final ObjectMapper json;
  private final Discovery discovery;
  private final List<Consumer<NuboEvent>> subscribers = new CopyOnWriteArrayList<>();

  private final Object lock = new Object();
  // Volatile so that account() needs no lock: the HTTP interceptor (MessagingGate) reads it while
  // Discovery holds its own lock, and the two locks must never be taken in opposite orders.
  private volatile @Nullable Account account;
  private @Nullable PendingSession session;
  private @Nullable ServerInfo config;
  private final Map<String, Contact> contacts = new LinkedHashMap<>();
  private final Map<Long, OutboxEntry> outbox = new LinkedHashMap<>();
  private final List<InboxMessage> inbox = new ArrayList<>();
  private final Map<Long, HeldEnvelope> held = new LinkedHashMap<>();
  private final Set<String> seen = new LinkedHashSet<>();
  private boolean smsFallbackOff;
  private final Set<String> noSmsFallback = new TreeSet<>();
  private PresenceSharing presence = PresenceSharing.CONTACTS;
  // Not persisted: they describe this process's connection and timers.
  private @Nullable FrameSink sink;
  private @Nullable FrameSink sealedSink;
  private long nextFrameId = 1;
  private final Map<Long, Pending> pending = new HashMap<>();
  private final Map<Long, Pending> sealedPending = new HashMap<>();
  private final Map<Long, ScheduledFuture<?>> deadlines = new HashMap<>();
  // The next ping on each socket: cancelled on close, so that a closed client is not kept alive by
  // its timer for up to PING_MILLIS (on an app's own scheduler, which outlives the client).
  private @Nullable ScheduledFuture<?> pingTimer;
  private @Nullable ScheduledFuture<?> sealedPingTimer;
  // Held envelopes' resolve timers, cancelled on close for the same reason.
  private final Map<Long, ScheduledFuture<?>> heldTimers = new HashMap<>();
  private final Map<Long, String> recipientTokens = new HashMap<>();
  // Messages already routed again after a stale_keys reply: a second one goes by SMS.
  private final Set<Long> resealed = new HashSet<>();
  private final Set<Long> smsInFlight = new HashSet<>();
  private final Map<String, ProbeWait> probes = new HashMap<>();
  private final Map<Long, String> probeNonces = new HashMap<>();
  private final Map<String, Known> reachability = new HashMap<>();
  private boolean closed;

  Engine(
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor events,
      ClientStore store,
      SmsTransport sms,
      ControlPlane control,
      KeyPlane keys,
      Connector connector,
      Connector sealedConnector,
      Optional<byte[]> sealedSenderRoot,
      Numbers numbers,
      SecureRandom random,
      ObjectMapper json,
      Discovery discovery) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.events = events;
    this.store = store;
    this.sms = sms;
    this.control = control;
    this.connector = connector;
    this.sealedConnector = sealedConnector;
    this.e2e =
        new E2e(
            store,
            keys,
            clock,
            sealedSenderRoot,
            () -> {
              synchronized (lock) {
                persist();
              }
            });
    this.numbers = numbers;
    this.random = random;
    this.json = json;
    this.discovery = discovery;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Loads the persisted state, resumes unfinished messages, and connects if messaging is on. */
  void start() {
    @Nullable Account toOpen;
    synchronized (lock) {
      load();
      long now = clock.millis();
      for (OutboxEntry entry : new ArrayList<>(outbox.values())) {
        OutgoingMessage message = entry.message();
        if (message.isFinal()) {
          continue;
        }
        long id = message.id();
        if (message.via() == Via.SMS || account == null || now >= entry.deadlineMillis()) {
          // An SMS that was in flight at the crash is sent again: a duplicate SMS is harmless
          // (the recipient drops it by its tag), a lost message is not.
          startSms(id, message.via() == Via.SMS);
        } else {
          scheduleDeadline(id, entry.deadlineMillis());
          if (message.state() == State.QUEUED) {
            scheduler.execute(() -> route(id));
          }
        }
      }
      toOpen = account;
    }
    if (toOpen != null) {
      scheduler.execute(this::refreshConfig);
      connector.open(toOpen);
      sealedConnector.open(toOpen);
    }
  }

  void close() {
    synchronized (lock) {
      closed = true;
      for (ScheduledFuture<?> deadline : deadlines.values()) {
        deadline.cancel(false);
      }
      deadlines.clear();
      cancel(pingTimer);
      cancel(sealedPingTimer);
      pingTimer = null;
      sealedPingTimer = null;
      heldTimers.values().forEach(Engine::cancel);
      heldTimers.clear();
      failProbes();
    }
    connector.close();
    sealedConnector.close();
  }

  AutoCloseable subscribe(Consumer<NuboEvent> subscriber) {
    subscribers.add(subscriber);
    return () -> subscribers.remove(subscriber);
  }

  // ---------------------------------------------------------------- settings and registration

  Settings settings() {
    synchronized (lock) {
      Account current = account;
      return new Settings(
          current != null,
          current == null ? "" : current.number(),
          !smsFallbackOff,
          noSmsFallback,
          presence);
    }
  }

  /** Who may see this phone as reachable; decided here when a sealed probe arrives. */
  void setPresenceSharing(PresenceSharing sharing) {
    synchronized (lock) {
      presence = sharing;
      persist();
    }
  }

  /** Turns SMS fallback on or off for every conversation. */
  void setSmsFallback(boolean on) {
    synchronized (lock) {
      smsFallbackOff = !on;
      persist();
    }
  }

  /** Turns SMS fallback on or off for the conversation with {@code number}. */
  void setSmsFallback(String number, boolean on) {
    String e164 = numbers.normalise(number);
    synchronized (lock) {
      if (on) {
        noSmsFallback.remove(e164);
      } else {
        noSmsFallback.add(e164);
      }
      persist();
    }
  }

  /** Lock-free (see the field): an HTTP call made under any lock may ask. */
  @Nullable Account account() {
    return account;
  }

  VerificationStarted startVerification(String number) {
    String e164 = numbers.normalise(number);
    checkOpen();
    VerificationSession started = control.startVerification(e164);
    synchronized (lock) {
      session = new PendingSession(started.sessionId(), e164);
      persist();
    }
    return new VerificationStarted(
        e164,
        java.time.Duration.ofSeconds(started.nextResendSeconds()),
        java.time.Duration.ofSeconds(started.expiresInSeconds()));
  }

  void confirmCode(String code) {
    PendingSession current;
    synchronized (lock) {
      checkOpen();
      PendingSession pendingSession = session;
      if (pendingSession == null) {
        throw new NuboException("no_session", "call startVerification before confirmCode");
      }
      current = pendingSession;
    }
    String deviceId = UUID.randomUUID().toString();
    String secret = Secrets.deviceSecret(random);
    Registration registration =
        control.register(new Register(current.sessionId(), code.trim(), deviceId, secret));
    Account registered =
        new Account(current.number(), deviceId, secret, registration.accountToken());
    synchronized (lock) {
      account = registered;
      session = null;
      persist();
      emit(new MessagingChanged(true));
    }
    try {
      // Before returning, so contacts can start sessions with this device at once.
      e2e.setUp(registered);
    } catch (NuboException e) {
      // Messaging is on; the keys go up on the next connection (E2e.maintain).
    }
    scheduler.execute(this::refreshConfig);
    connector.open(registered);
    sealedConnector.open(registered);
  }

  void disableMessaging() {
    Account current;
    synchronized (lock) {
      Account registered = account;
      if (registered == null) {
        return;
      }
      current = registered;
    }
    NuboException failure = null;
    try {
      control.disableMessaging(current);
    } catch (ServerException e) {
      if (e.status() != 401) {
        failure = e;
      }
    } catch (NuboException e) {
      failure = e;
    }
    connector.close();
    sealedConnector.close();
    e2e.forget();
    synchronized (lock) {
      account = null;
      reachability.clear();
      failProbes();
      persist();
      emit(new MessagingChanged(false));
    }
    if (failure != null) {
      // Messaging is off on this phone either way; the app may tell the user the server was not
      // told (registering again replaces the account's devices).
      throw failure;
    }
  }

  // ---------------------------------------------------------------- contacts

  Contact addContact(String name, String number) {
    return addContacts(List.of(new Contact(name, number))).get(0);
  }

  /**
   * Adds or renames every contact given, with one write of the SDK's state (a write per contact
   * made importing an address book cost its size squared). Every number is checked first: if one is
   * invalid, none is added.
   */
  List<Contact> addContacts(Collection<Contact> given) {
    List<Contact> normalised = new ArrayList<>(given.size());
    for (Contact contact : given) {
      try {
        normalised.add(new Contact(contact.name(), numbers.normalise(contact.number())));
      } catch (InvalidNumberException e) {
        // Its position only: apps log exceptions, and a name from the address book must not
        // leave the phone in a crash report.
        throw given.size() == 1
            ? e
            : new InvalidNumberException(
                "contact "
                    + (normalised.size() + 1)
                    + " of "
                    + given.size()
                    + ": "
                    + e.getMessage()
                    + "; no contact was added",
                e);
      }
    }
    synchronized (lock) {
      for (Contact contact : normalised) {
        contacts.put(contact.number(), contact);
      }
      persist();
    }
    return Collections.unmodifiableList(normalised);
  }

  List<Contact> contacts() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(contacts.values()));
    }
  }

  // ---------------------------------------------------------------- safety numbers

  /** This device's account and a contact's token, when known (a lookup if it is not cached). */
  private record ContactToken(Account self, Optional<String> token) {}

  /** Null while messaging is off. Blocking: may ask the directory. */
  private @Nullable ContactToken contactToken(String number) {
    String e164 = numbers.normalise(number);
    Account credential;
    synchronized (lock) {
      checkOpen();
      Account registered = account;
      if (registered == null) {
        return null;
      }
      credential = registered;
    }
    return new ContactToken(credential, tokenFor(credential, e164));
  }

  /** The safety number with {@code number}; empty if it is not a user or its key is unknown. */
  Optional<String> safetyNumber(String number) {
    ContactToken contact = contactToken(number);
    if (contact == null || !contact.token().isPresent()) {
      return Optional.empty();
    }
    return e2e.safetyNumber(contact.self().accountToken(), contact.token().get());
  }

  /** The user accepted {@code number}'s changed safety number: messages go over IP again. */
  void acceptSafetyNumber(String number) {
    ContactToken contact = contactToken(number);
    if (contact == null) {
      throw new NuboException("messaging_off", "turn messaging on first");
    }
    if (!contact.token().isPresent() || !e2e.acceptSafetyNumber(contact.token().get())) {
      throw new NuboException("no_safety_number", "this phone has never seen that contact's key");
    }
  }

  // ---------------------------------------------------------------- sending

  OutgoingMessage send(String to, String text) {
    String number = numbers.normalise(to);
    Instant now = clock.instant();
    synchronized (lock) {
      checkOpen();
      long id = newMessageId();
      OutgoingMessage message =
          new OutgoingMessage(id, number, text, State.QUEUED, Via.NONE, Failure.NONE, now, now);
      long deadline = now.toEpochMilli() + deliveryWindowMillis() + OUTCOME_GRACE_MILLIS;
      outbox.put(id, new OutboxEntry(message, deadline));
      persist();
      emit(new MessageUpdated(message));
      if (account == null) {
        startSms(id, false);
      } else {
        scheduleDeadline(id, deadline);
        scheduler.execute(() -> route(id));
      }
      return message;
    }
  }

  List<OutgoingMessage> outbox() {
    synchronized (lock) {
      List<OutgoingMessage> messages = new ArrayList<>();
      for (OutboxEntry entry : outbox.values()) {
        messages.add(entry.message());
      }
      return Collections.unmodifiableList(messages);
    }
  }

  /**
   * Finds the recipient's token (a lookup if it is not cached) and makes sure a Signal session with
   * it exists, then sends or falls back.
   */
  private void route(long id) {
    String to;
    Account credential;
    synchronized (lock) {
      OutboxEntry entry = outbox.get(id);
      if (entry == null || entry.message().state() != State.QUEUED) {
        return;
      }
      Account registered = account;
      if (registered == null) {
        startSms(id, false);
        return;
      }
      credential = registered;
      to = entry.message().to();
    }
    Optional<String> token = tokenFor(credential, to);
    E2e.Readiness readiness =
        token.isPresent() ? e2e.prepare(credential, token.get()) : E2e.Readiness.UNAVAILABLE;
    synchronized (lock) {
      OutboxEntry entry = outbox.get(id);
      if (entry == null || entry.message().state() != State.QUEUED) {
        return;
      }
      if (readiness == E2e.Readiness.SAFETY_NUMBER_CHANGED_NOW) {
        emit(new SafetyNumberChanged(to));
      }
      if (!token.isPresent() || account == null || readiness != E2e.Readiness.READY) {
        // Not a user, no keys, or a changed safety number the user has not accepted: not over IP.
        startSms(id, false);
        return;
      }
      recipientTokens.put(id, token.get());
      transmit(id);
    }
  }

  /**
   * Seals a queued message and sends it over the sealed socket if it is open; otherwise it waits
   * for one. Sealing advances the session, which is harmless if the frame is then lost: the
   * recipient's ratchet skips a message it never gets.
   */
  private void transmit(long id) {
    OutboxEntry entry = outbox.get(id);
    String token = recipientTokens.get(id);
    Account registered = account;
    if (entry == null
        || token == null
        || registered == null
        || sealedSink == null
        || entry.message().state() != State.QUEUED) {
      return;
    }
    OutgoingMessage message = entry.message();
    Content content =
        Content.newBuilder()
            .setText(message.text())
            .setSenderNumber(registered.number())
            .setSentAtMillis(message.createdAt().toEpochMilli())
            .setProfileKey(ByteString.copyFrom(e2e.profileKey()))
            .build();
    E2e.Envelope envelope;
    try {
      envelope =
          content.getSerializedSize() > WireLimits.MAX_PAYLOAD_BYTES
              ? null
              : e2e.seal(token, content.toByteArray());
    } catch (SafetyNumberChangedException e) {
      envelope = null;
    }
    if (envelope == null || envelope.payload().length > WireLimits.MAX_PAYLOAD_BYTES) {
      startSms(id, false);
      return;
    }
    SealedSend.Builder sealed =
        SealedSend.newBuilder()
            .setMessageId(id)
            .setRecipient(ByteString.copyFrom(AccountToken.parse(token).bytes()))
            .setPayload(ByteString.copyFrom(envelope.payload()));
    envelope.deliveryToken().ifPresent(t -> sealed.setDeliveryToken(ByteString.copyFrom(t)));
    sealed.setRecipientRegistrationId(envelope.registrationId());
    if (sendOn(
        sealedSink,
        sealedPending,
        ClientFrame.newBuilder().setSealedSend(sealed),
        new Pending.SendRequest(id))) {
      update(id, State.SENDING, Via.IP);
    }
  }

  private void onDeadline(long id) {
    synchronized (lock) {
      deadlines.remove(id);
      OutboxEntry entry = outbox.get(id);
      if (entry != null && !entry.message().isFinal()) {
        startSms(id, false);
      }
    }
  }

  /**
   * Hands the message to the SMS transport, once. {@code resume} re-sends one whose SMS was in
   * flight when the process died.
   */
  private void startSms(long id, boolean resume) {
    OutboxEntry entry = outbox.get(id);
    if (entry == null || entry.message().isFinal() || smsInFlight.contains(id)) {
      return;
    }
    if (entry.message().via() == Via.SMS && !resume) {
      return;
    }
    if (!resume && (smsFallbackOff || noSmsFallback.contains(entry.message().to()))) {
      // The user refused clear-text SMS for this conversation: say so instead of sending it.
      finish(id, State.FAILED, entry.message().via(), Failure.SMS_FALLBACK_OFF);
      return;
    }
    cancelDeadline(id);
    recipientTokens.remove(id);
    startSmsNow(id);
  }

  private void sendSms(long id, String to, String body) {
    boolean sent;
    try {
      sms.send(to, body);
      sent = true;
    } catch (RuntimeException e) {
      sent = false;
    }
    synchronized (lock) {
      smsInFlight.remove(id);
      if (sent) {
        finish(id, State.SENT_SMS, Via.SMS, Failure.NONE);
      } else {
        finish(id, State.FAILED, Via.SMS, Failure.SMS_TRANSPORT);
      }
    }
  }

  /**
   * Sends a failed message as an SMS after all, because the user chose to: the answer to a message
   * held back by "never fall back", or a second try after the SMS transport failed. The SMS carries
   * the same message id, so a recipient that somehow has it already drops the copy.
   */
  OutgoingMessage retryAsSms(long id) {
    synchronized (lock) {
      checkOpen();
      OutboxEntry entry = outbox.get(id);
      if (entry == null) {
        throw new NuboException("no_such_message", "no message with this id in the outbox");
      }
      if (entry.message().state() != State.FAILED) {
        throw new NuboException("not_failed", "only a failed message can be sent again as an SMS");
      }
      return startSmsNow(id);
    }
  }

  private OutgoingMessage startSmsNow(long id) {
    smsInFlight.add(id);
    OutgoingMessage message = update(id, State.SENDING, Via.SMS, Failure.NONE);
    String body = SmsTag.append(message.text(), id);
    scheduler.execute(() -> sendSms(id, message.to(), body));
    return message;
  }

  /** Moves a message to a final state unless it already has one. */
  private void finish(long id, State state, Via via) {
    finish(id, state, via, Failure.NONE);
  }

  private void finish(long id, State state, Via via, Failure failure) {
    OutboxEntry entry = outbox.get(id);
    if (entry == null || entry.message().isFinal()) {
      return;
    }
    cancelDeadline(id);
    recipientTokens.remove(id);
    resealed.remove(id);
    update(id, state, via, failure);
    trimOutbox();
    persist();
  }

  private OutgoingMessage update(long id, State state, Via via) {
    return update(id, state, via, Failure.NONE);
  }

  private OutgoingMessage update(long id, State state, Via via, Failure failure) {
    OutboxEntry entry = outbox.get(id);
    if (entry == null) {
      throw new IllegalStateException("no such message");
    }
    OutgoingMessage updated = entry.message().with(state, via, failure, clock.instant());
    outbox.put(id, new OutboxEntry(updated, entry.deadlineMillis()));
    persist();
    emit(new MessageUpdated(updated));
    return updated;
  }

  private void scheduleDeadline(long id, long atMillis) {
    long delay = Math.max(0, atMillis - clock.millis());
    deadlines.put(id, scheduler.schedule(() -> onDeadline(id), delay, TimeUnit.MILLISECONDS));
  }

  private void cancelDeadline(long id) {
    ScheduledFuture<?> deadline = deadlines.remove(id);
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  private void trimOutbox() {
    int finals = 0;
    for (OutboxEntry entry : outbox.values()) {
      if (entry.message().isFinal()) {
        finals++;
      }
    }
    Iterator<OutboxEntry> it = outbox.values().iterator();
    while (finals > MAX_FINAL_OUTBOX && it.hasNext()) {
      if (it.next().message().isFinal()) {
        it.remove();
        finals--;
      }
    }
  }

  private long newMessageId() {
    long id;
    do {
      id = random.nextLong();
    } while (id == 0 || outbox.containsKey(id));
    return id;
  }

  // ---------------------------------------------------------------- receiving

  /**
   * An SMS arrived. A tagged one is shown unless the same (sender, message id) was shown already;
   * an untagged one is always shown.
   *
   * @return whether it was shown (false: a duplicate of a message shown before)
   */
  boolean onSmsReceived(String fromNumber, String body) {
    SmsTag.Parsed parsed = SmsTag.parse(body);
    String sender = numbers.normaliseOrKeep(fromNumber);
    Instant now = clock.instant();
    synchronized (lock) {
      Optional<Long> messageId = parsed.messageId();
      if (messageId.isPresent()) {
        // The SMS copy of an envelope still held: the SMS wins, the envelope must never show.
        long mid = messageId.get();
        held.values().removeIf(h -> h.messageId() == mid && h.sender().equals(sender));
      }
      return show(sender, messageId, parsed.text(), Via.SMS, now);
    }
  }

  List<InboxMessage> inbox() {
    synchronized (lock) {
      return Collections.unmodifiableList(new ArrayList<>(inbox));
    }
  }

  private boolean show(
      String sender, Optional<Long> messageId, String text, Via via, Instant sentAt) {
    if (messageId.isPresent()) {
      String key = sender + "|" + Long.toUnsignedString(messageId.get());
      if (!seen.add(key)) {
        persist();
        return false;
      }
      Iterator<String> oldest = seen.iterator();
      while (seen.size() > MAX_SEEN && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    }
    InboxMessage message = new InboxMessage(sender, text, via, sentAt, clock.instant());
    inbox.add(message);
    while (inbox.size() > MAX_INBOX) {
      inbox.remove(0);
    }
    persist();
    emit(new MessageReceived(message));
    return true;
  }

  /**
   * A sealed envelope arrived: unseal it (the session is written), check that the number it claims
   * belongs to the sender its certificate names, then hold it and acknowledge. Anything that fails
   * (a plain envelope, a duplicate or replay, an unreadable one, a claimed number that is not the
   * sender's) is neither acknowledged nor shown, so the sender falls back to SMS.
   */
  private void onDeliver(Deliver deliver) {
    long deliveryId = deliver.getDeliveryId();
    Account registered = account;
    if (registered == null) {
      return;
    }
    if (held.containsKey(deliveryId)) {
      ack(deliveryId);
      return;
    }
    if (!deliver.getSealed()) {
      return;
    }
    Unsealed opened;
    Content content;
    try {
      opened = e2e.open(deliver.getPayload().toByteArray());
      if (opened == null) {
        return;
      }
      content = Content.parseFrom(opened.plaintext());
    } catch (SignalSessionException | InvalidProtocolBufferException e) {
      return;
    }
    String number = numbers.normaliseOrKeep(content.getSenderNumber());
    // Unverifiable now: no Ack, the sender falls back to SMS.
    whenSenderOwns(
        registered, opened.sender().text(), number, () -> hold(deliver, opened, content, number));
  }

  /**
   * Runs {@code then} under the lock, on the scheduler, once the sender a certificate names ({@code
   * sender}) is shown to own the {@code number} it claims; never if it does not or cannot be
   * checked now.
   */
  private void whenSenderOwns(Account registered, String sender, String number, Runnable then) {
    scheduler.execute(
        () -> {
          // Outside the lock, even for a cached token: Discovery holds its lock across the OPRF
          // call, whose interceptor takes the engine's lock, so asking it under the engine's lock
          // deadlocks (ManyPhonesTest found this). A token does not go stale (it changes only with
          // the server's OPRF key), so one evaluation settles whether the certificate's sender
          // owns the number it claims.
          Optional<String> token;
          try {
            token = Optional.of(discovery.tokenOf(registered, number));
          } catch (NuboException e) {
            token = Optional.empty();
          }
          synchronized (lock) {
            if (token.equals(Optional.of(sender)) && account != null && !closed) {
              then.run();
            }
          }
        });
  }

  /**
   * Someone asks whether this phone is reachable (decision 0006). Only a sealed probe whose claimed
   * number belongs to its certificate's sender, and whom the owner's setting lets see this phone,
   * is answered; anything else is silence, which the asker sees only as the server's "unreachable"
   * at the window's end. A consenting answer also remembers the asker's profile key.
   */
  private void onProbeRequest(ProbeRequest request) {
    Account registered = account;
    if (registered == null || presence == PresenceSharing.NOBODY) {
      return; // not even unsealed: nothing would be answered
    }
    Probes.Asker asker = Probes.open(e2e, numbers, request);
    if (asker == null || !Probes.consents(presence, asker.number(), contacts.keySet())) {
      return; // a stranger under CONTACTS is refused without an OPRF evaluation
    }
    long probeId = request.getProbeId();
    whenSenderOwns(
        registered,
        asker.token(),
        asker.number(),
        () -> {
          if (Probes.consents(presence, asker.number(), contacts.keySet())) {
            e2e.remember(asker.token(), asker.profileKey());
            persist();
            sendFrame(Probes.answer(probeId), new Pending.NoReply());
          }
        });
  }

  /** Holds an envelope whose sender checked out, then acknowledges it. */
  private void hold(Deliver deliver, Unsealed opened, Content content, String number) {
    long deliveryId = deliver.getDeliveryId();
    if (!held.containsKey(deliveryId)) {
      e2e.remember(opened.sender().text(), content.getProfileKey().toByteArray());
      if (opened.safetyNumberChanged()) {
        emit(new SafetyNumberChanged(number));
      }
      held.put(
          deliveryId,
          new HeldEnvelope(
              deliveryId,
              deliver.getMessageId(),
              number,
              content.getText(),
              content.getSentAtMillis(),
              clock.millis()));
      persist();
      long overdue = deliveryWindowMillis() + HELD_GRACE_MILLIS;
      if (!closed) {
        heldTimers.put(
            deliveryId,
            scheduler.schedule(() -> resolveIfHeld(deliveryId), overdue, TimeUnit.MILLISECONDS));
      }
    }
    ack(deliveryId);
  }

  private void ack(long deliveryId) {
    sendFrame(
        ClientFrame.newBuilder().setAck(Ack.newBuilder().setDeliveryId(deliveryId)),
        new Pending.NoReply());
  }

  private void settle(long deliveryId, Settle.Verdict verdict) {
    HeldEnvelope envelope = held.get(deliveryId);
    if (envelope == null) {
      return;
    }
    switch (verdict) {
      case DROP -> {
        held.remove(deliveryId);
        persist();
      }
      case SHOW, UNKNOWN -> {
        held.remove(deliveryId);
        show(
            envelope.sender(),
            Optional.of(envelope.messageId()),
            envelope.text(),
            Via.IP,
            Instant.ofEpochMilli(envelope.sentAtMillis()));
      }
      case VERDICT_UNSPECIFIED, UNRECOGNIZED -> {
        // Not a verdict: keep holding; a Resolve asks again.
      }
    }
  }

  private void resolveIfHeld(long deliveryId) {
    synchronized (lock) {
      heldTimers.remove(deliveryId);
      if (held.containsKey(deliveryId) && sink != null) {
        resolve(Collections.singletonList(deliveryId));
      }
    }
  }

  private void resolve(List<Long> deliveryIds) {
    for (int from = 0; from < deliveryIds.size(); from += WireLimits.MAX_RESOLVE_IDS) {
      List<Long> chunk =
          new ArrayList<>(
              deliveryIds.subList(
                  from, Math.min(deliveryIds.size(), from + WireLimits.MAX_RESOLVE_IDS)));
      sendFrame(
          ClientFrame.newBuilder().setResolve(Resolve.newBuilder().addAllDeliveryIds(chunk)),
          new Pending.ResolveRequest(chunk));
    }
  }

  // ---------------------------------------------------------------- reachability

  CompletableFuture<Reachability> reachability(String number, boolean fresh) {
    String e164 = numbers.normalise(number);
    // Outside the engine's lock: the discovery lock may be held across a network call.
    boolean nonUser = discovery.knownNonUser(e164);
    Account credential;
    synchronized (lock) {
      Account registered = account;
      if (registered == null || sink == null || closed) {
        return CompletableFuture.completedFuture(Reachability.GRAY);
      }
      credential = registered;
      Known known = reachability.get(e164);
      if (!fresh && known != null && clock.millis() - known.atMillis() < REACHABILITY_TTL_MILLIS) {
        return CompletableFuture.completedFuture(known.value());
      }
      if (nonUser) {
        return CompletableFuture.completedFuture(Reachability.GRAY);
      }
    }
    CompletableFuture<Reachability> result = new CompletableFuture<>();
    scheduler.execute(() -> probe(credential, e164, result));
    return result;
  }

  /**
   * Seals a probe to the contact (starting a session from a fetched bundle if there is none, as
   * sending does) and sends it on the sealed socket, so the server never learns who asks. A contact
   * that cannot be sealed to now is GRAY.
   */
  private void probe(Account credential, String number, CompletableFuture<Reachability> result) {
    Optional<String> token = tokenFor(credential, number);
    E2e.Readiness readiness =
        token.isPresent() ? e2e.prepare(credential, token.get()) : E2e.Readiness.UNAVAILABLE;
    synchronized (lock) {
      if (readiness == E2e.Readiness.SAFETY_NUMBER_CHANGED_NOW) {
        emit(new SafetyNumberChanged(number));
      }
      Account registered = account;
      ProbeWait wait = token.isPresent() ? probes.get(token.get()) : null;
      if (wait == null && registered != null && sealedSink != null && token.isPresent()) {
        String target = token.get();
        long nonce = newProbeNonce();
        ClientFrame.Builder frame =
            readiness == E2e.Readiness.READY
                ? Probes.seal(e2e, registered, target, nonce, clock.millis())
                : null;
        if (frame != null
            && sendOn(sealedSink, sealedPending, frame, new Pending.ProbeRequest(target))) {
          wait = new ProbeWait(number, nonce);
          probes.put(target, wait);
          probeNonces.put(nonce, target);
          wait.timeout = timeout(target);
        }
      }
      if (wait == null) {
        known(number, Reachability.GRAY);
        events.execute(() -> result.complete(Reachability.GRAY));
        return;
      }
      wait.waiters.add(result);
    }
  }

  private long newProbeNonce() {
    long nonce;
    do {
      nonce = random.nextLong();
    } while (nonce == 0 || probeNonces.containsKey(nonce));
    return nonce;
  }

  /** GRAY if no result came within the server's probe window and a grace period. */
  private ScheduledFuture<?> timeout(String target) {
    return scheduler.schedule(
        () -> {
          synchronized (lock) {
            probeDone(target, false);
          }
        },
        probeWindowMillis() + OUTCOME_GRACE_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  private void probeDone(String target, boolean reachable) {
    ProbeWait wait = probes.remove(target);
    if (wait == null) {
      return;
    }
    probeNonces.remove(wait.nonce);
    ScheduledFuture<?> timeout = wait.timeout;
    if (timeout != null) {
      timeout.cancel(false);
    }
    Reachability value = reachable ? Reachability.BLUE : Reachability.GRAY;
    known(wait.number, value);
    List<CompletableFuture<Reachability>> waiters = new ArrayList<>(wait.waiters);
    events.execute(
        () -> {
          for (CompletableFuture<Reachability> waiter : waiters) {
            waiter.complete(value);
          }
        });
  }

  private void known(String number, Reachability value) {
    Known previous = reachability.put(number, new Known(value, clock.millis()));
    if (previous == null || previous.value() != value) {
      emit(new ReachabilityChanged(number, value));
    }
  }

  private void failProbes() {
    for (String target : new ArrayList<>(probes.keySet())) {
      probeDone(target, false);
    }
  }

  // ---------------------------------------------------------------- the data plane

  /** A connection opened; {@code frames} carries frames until {@link #disconnected}. */
  void connected(FrameSink frames) {
    synchronized (lock) {
      if (closed || account == null) {
        return;
      }
      sink = frames;
      pending.clear();
      emit(new ConnectionChanged(true));
      if (!held.isEmpty()) {
        resolve(new ArrayList<>(held.keySet()));
      }
      sendQueued();
      schedulePing(frames, false);
      Account registered = account;
      scheduler.execute(() -> maintainKeys(registered));
    }
  }

  private void sendQueued() {
    for (OutboxEntry entry : new ArrayList<>(outbox.values())) {
      if (entry.message().state() == State.QUEUED) {
        long id = entry.message().id();
        if (recipientTokens.containsKey(id)) {
          transmit(id);
        } else {
          scheduler.execute(() -> route(id));
        }
      }
    }
  }

  /** The sealed socket opened: queued messages can leave. */
  void sealedConnected(FrameSink frames) {
    synchronized (lock) {
      if (closed || account == null) {
        return;
      }
      sealedSink = frames;
      sealedPending.clear();
      sendQueued();
      schedulePing(frames, true);
    }
  }

  void sealedDisconnected() {
    synchronized (lock) {
      sealedSink = null;
      sealedPending.clear();
      failProbes(); // their results would have come on this socket
    }
  }

  /**
   * A frame on the sealed socket: the Replies, Outcomes and probe results of what this device sent
   * there.
   */
  void sealedFrame(ServerFrame frame) {
    synchronized (lock) {
      if (closed || sealedSink == null) {
        return;
      }
      switch (frame.getBodyCase()) {
        case REPLY -> onReply(frame.getId(), frame.getReply(), sealedPending);
        case OUTCOME -> onOutcome(frame.getOutcome());
        case PROBE_RESULT -> {
          String target = probeNonces.get(frame.getProbeResult().getProbeNonce());
          if (target != null) {
            probeDone(target, frame.getProbeResult().getReachable());
          }
        }
        default -> {} // nothing else is sent on this socket
      }
    }
  }

  /** Off the lock: keys topped up and the certificate fresh; a failure waits for the next time. */
  private void maintainKeys(@Nullable Account registered) {
    if (registered == null) {
      return;
    }
    try {
      e2e.maintain(registered);
    } catch (NuboException e) {
      // The next connection tries again.
    }
  }

  private void topUpKeys(@Nullable Account registered, int preKeysLeft, int kyberPreKeysLeft) {
    if (registered == null) {
      return;
    }
    try {
      e2e.topUp(registered, preKeysLeft, kyberPreKeysLeft);
    } catch (NuboException e) {
      // The next connection checks the key status again.
    }
  }

  void disconnected() {
    synchronized (lock) {
      if (sink == null) {
        return;
      }
      sink = null;
      pending.clear();
      failProbes();
      emit(new ConnectionChanged(false));
    }
  }

  boolean isConnected() {
    synchronized (lock) {
      return sink != null;
    }
  }

  /** One frame from the server. Unknown or unexpected frames are ignored. */
  void frame(ServerFrame frame) {
    synchronized (lock) {
      if (closed || sink == null) {
        return;
      }
      switch (frame.getBodyCase()) {
        case REPLY -> onReply(frame.getId(), frame.getReply(), pending);
        case OUTCOME -> onOutcome(frame.getOutcome());
        case DELIVER -> onDeliver(frame.getDeliver());
        case SETTLE -> settle(frame.getSettle().getDeliveryId(), frame.getSettle().getVerdict());
        case PROBE_REQUEST -> onProbeRequest(frame.getProbeRequest());
        case PROBE_RESULT -> {} // this SDK sends sealed probes only: results come on that socket
        case PREKEYS_LOW -> {
          Account registered = account;
          int preKeys = frame.getPrekeysLow().getEcRemaining();
          int kyberPreKeys = frame.getPrekeysLow().getKyberRemaining();
          scheduler.execute(() -> topUpKeys(registered, preKeys, kyberPreKeys));
        }
        case BODY_NOT_SET -> {}
      }
    }
  }

  private void onReply(long frameId, Reply reply, Map<Long, Pending> from) {
    Pending request = from.remove(frameId);
    if (request == null) {
      return;
    }
    boolean ok = reply.getStatus() == 200;
    if (request instanceof Pending.SendRequest send) {
      if (!ok) {
        OutboxEntry entry = outbox.get(send.messageId());
        if (entry != null && "unknown_recipient".equals(reply.getCode())) {
          discovery.markStale();
        }
        if (entry != null && "stale_keys".equals(reply.getCode()) && resealOnce(entry)) {
          return;
        }
        startSms(send.messageId(), false);
      }
    } else if (request instanceof Pending.ProbeRequest probe) {
      if (!ok) {
        probeDone(probe.token(), false);
      }
    } else if (request instanceof Pending.ResolveRequest resolve) {
      if (ok) {
        Set<Long> mentioned = new HashSet<>();
        for (Settle settled : reply.getSettledList()) {
          mentioned.add(settled.getDeliveryId());
          settle(settled.getDeliveryId(), settled.getVerdict());
        }
        // An id the server did not mention is one it knows nothing about. One it answered with a
        // verdict this SDK does not know stays held (settle keeps it) and is asked about again.
        for (long id : resolve.deliveryIds()) {
          if (!mentioned.contains(id)) {
            settle(id, Settle.Verdict.UNKNOWN);
          }
        }
      }
    }
  }

  /**
   * The recipient reinstalled since this phone's session with it was made: forget the session and
   * route the message again, once, which fetches the new bundle. Its new identity key then raises
   * {@link SafetyNumberChanged} and, until the user accepts it, the message goes by SMS (or fails
   * when fallback is off) — never silently encrypted to a key nobody checked.
   */
  private boolean resealOnce(OutboxEntry entry) {
    long id = entry.message().id();
    String token = recipientTokens.remove(id);
    if (token == null || !resealed.add(id) || entry.message().state() != State.SENDING) {
      return false;
    }
    e2e.endSessions(token);
    update(id, State.QUEUED, Via.NONE);
    scheduler.execute(() -> route(id));
    return true;
  }

  private void onOutcome(Outcome outcome) {
    long id = outcome.getMessageId();
    OutboxEntry entry = outbox.get(id);
    if (entry == null
        || entry.message().isFinal()
        || entry.message().via() != Via.IP
        || smsInFlight.contains(id)) {
      return;
    }
    switch (outcome.getDecision()) {
      case DELIVERED -> finish(id, State.DELIVERED_IP, Via.IP);
      case NOT_DELIVERED -> startSms(id, false);
      case DECISION_UNSPECIFIED, UNRECOGNIZED -> {}
    }
  }

  /** Under the lock. */
  private void schedulePing(FrameSink forSink, boolean sealedSocket) {
    if (closed) {
      return;
    }
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> {
              synchronized (lock) {
                if ((sealedSocket ? sealedSink : sink) != forSink) {
                  return;
                }
                sendOn(
                    forSink,
                    sealedSocket ? sealedPending : pending,
                    ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()),
                    new Pending.Other());
                schedulePing(forSink, sealedSocket);
              }
            },
            PING_MILLIS,
            TimeUnit.MILLISECONDS);
    // The previous socket's timer, if any, is cancelled: only the current one's is kept.
    cancel(sealedSocket ? sealedPingTimer : pingTimer);
    if (sealedSocket) {
      sealedPingTimer = timer;
    } else {
      pingTimer = timer;
    }
  }

  private static void cancel(@Nullable ScheduledFuture<?> timer) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  private boolean sendFrame(ClientFrame.Builder frame, Pending what) {
    return sendOn(sink, pending, frame, what);
  }

  private boolean sendOn(
      @Nullable FrameSink frames,
      Map<Long, Pending> waiting,
      ClientFrame.Builder frame,
      Pending what) {
    if (frames == null) {
      return false;
    }
    long id = nextFrameId++;
    if (!(what instanceof Pending.NoReply)) {
      waiting.put(id, what);
    }
    if (!frames.send(frame.setId(id).build())) {
      waiting.remove(id);
      return false;
    }
    return true;
  }

  // ---------------------------------------------------------------- directory and config

  /**
   * The recipient's token if the directory says it may be a Nubo user; outside the lock. A failure
   * (no network, a refused proof) counts as "not reachable now", so the message goes by SMS.
   */
  private Optional<String> tokenFor(Account credential, String number) {
    try {
      return discovery.tokenIfUser(credential, number);
    } catch (NuboException e) {
      return Optional.empty();
    }
  }

  /** Which contacts may be Nubo users (blocking); see {@link NuboClient#discoverContacts()}. */
  List<Contact> discoverContacts() {
    Account credential;
    List<Contact> all;
    synchronized (lock) {
      Account registered = account;
      if (registered == null) {
        return new ArrayList<>();
      }
      credential = registered;
      all = new ArrayList<>(contacts.values());
    }
    List<String> numbersOfContacts = new ArrayList<>();
    for (Contact contact : all) {
      numbersOfContacts.add(contact.number());
    }
    Map<String, String> users = discovery.discover(credential, numbersOfContacts);
    List<Contact> found = new ArrayList<>();
    for (Contact contact : all) {
      if (users.containsKey(contact.number())) {
        found.add(contact);
      }
    }
    return found;
  }

  private void refreshConfig() {
    synchronized (lock) {
      if (account == null || closed) {
        return;
      }
    }
    try {
      ServerInfo fresh = control.config();
      synchronized (lock) {
        config = fresh;
        e2e.useConfig(fresh);
        persist();
      }
    } catch (NuboException e) {
      // Keep the cached (or default) windows; the next start asks again.
    }
  }

  private long deliveryWindowMillis() {
    ServerInfo info = config;
    return info == null ? DEFAULT_DELIVERY_WINDOW_MILLIS : info.deliveryWindowMillis();
  }

  private long probeWindowMillis() {
    ServerInfo info = config;
    return info == null ? DEFAULT_PROBE_WINDOW_MILLIS : info.probeWindowMillis();
  }

  // ---------------------------------------------------------------- persistence and events

  private void load() {
    Optional<byte[]> document = store.read(DOCUMENT);
    if (!document.isPresent()) {
      return;
    }
    StoredState state;
    try {
      state = json.readValue(document.get(), StoredState.class);
    } catch (IOException e) {
      throw new IllegalStateException("the SDK's state document cannot be read", e);
    }
    account = state.account();
    session = state.session();
    config = state.config();
    for (Contact contact : nonNull(state.contacts())) {
      contacts.put(contact.number(), contact);
    }
    for (OutboxEntry entry : nonNull(state.outbox())) {
      outbox.put(entry.message().id(), entry);
    }
    inbox.addAll(nonNull(state.inbox()));
    for (HeldEnvelope envelope : nonNull(state.held())) {
      held.put(envelope.deliveryId(), envelope);
    }
    seen.addAll(nonNull(state.seen()));
    smsFallbackOff = state.smsFallbackOff();
    noSmsFallback.addAll(nonNull(state.noSmsFallback()));
    PresenceSharing stored = state.presence();
    presence = stored == null ? PresenceSharing.CONTACTS : stored;
    e2e.restore(state.sealed(), account != null);
    e2e.useConfig(config);
  }

  private static <T> List<T> nonNull(@Nullable List<T> list) {
    return list == null ? Collections.<T>emptyList() : list;
  }

  private void persist() {
    StoredState state =
        new StoredState(
            account,
            session,
            config,
            new ArrayList<>(contacts.values()),
            new ArrayList<>(outbox.values()),
            new ArrayList<>(inbox),
            new ArrayList<>(held.values()),
            new ArrayList<>(seen),
            smsFallbackOff,
            new ArrayList<>(noSmsFallback),
            e2e.snapshot(),
            presence);
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new IllegalStateException("the SDK's state cannot be encoded", e);
    }
    store.write(DOCUMENT, bytes);
  }

  private void emit(NuboEvent event) {
    events.execute(
        () -> {
          for (Consumer<NuboEvent> subscriber : subscribers) {
            try {
              subscriber.accept(event);
            } catch (RuntimeException e) {
              // One broken subscriber must not starve the others or stop the SDK.
            }
          }
        });
  }

  private void checkOpen() {
    synchronized (lock) {
      if (closed) {
        throw new NuboException("closed", "this NuboClient is closed");
      }
    }
  }
}
