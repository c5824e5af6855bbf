package org.nubo.carrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageIDGenerator;
import org.jsmpp.util.RandomMessageIDGenerator;
import org.jspecify.annotations.Nullable;
import org.nubo.smpp.SmppAddress;
import org.nubo.smpp.SmsText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A mobile carrier for simulated phones, speaking SMPP 3.4 as an SMSC does.
 *
 * <p>A phone binds as transceiver with its E.164 number as system_id and the shared phone password;
 * a gateway such as the Nubo server binds with an account from {@link CarrierConfig#gateways()}. A
 * submit_sm is answered at once and routed as a deliver_sm to the session bound with the
 * destination number; the source address is the submitter's own number (what a phone puts in
 * source_addr is ignored, as a real network does) or the gateway's sender id. While the destination
 * is offline the SMS waits in memory, within the configured bounds, and goes out when the phone
 * binds. Texts up to one segment travel in short_message, longer ones in the message_payload TLV;
 * see {@link SmsText} for the codings.
 *
 * <p>{@link #stop()} and {@link #start()} may alternate: a restarted simulator listens on the port
 * it had before (even if the configuration said 0) and keeps its stored SMS and counters, so phones
 * reconnect to it as to a carrier that came back. Logs name numbers only redacted and never texts.
 */
public final class CarrierSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CarrierSimulator.class);

  /** How long a new connection may take to send its bind before the carrier drops it. */
  private static final long BIND_WAIT_MILLIS = 5_000;

  /** How long a refused client gets to read the refusal and hang up. */
  private static final long REFUSAL_GRACE_MILLIS = 2_000;

  private static final String SMSC_SYSTEM_ID = "nubo-carrier";

  private final CarrierConfig config;
  private final InetAddress host;
  private final Map<String, GatewayAccount> gateways;
  private final MessageIDGenerator messageIds = new RandomMessageIDGenerator();

  /** Who each bound session is, by jSMPP session id; entered before the bind is answered. */
  private final Map<String, Party> parties = new ConcurrentHashMap<>();

  /**
   * Every open connection, bound or not, entered as it is accepted: {@link #stop()} closes them
   * all, so a phone that connected just before the stop cannot bind to a stopped carrier.
   */
  private final Set<SMPPServerSession> sessions = ConcurrentHashMap.newKeySet();

  private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final Map<String, Counters> counters = new ConcurrentHashMap<>();
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong segments = new AtomicLong();
  private final AtomicInteger stored = new AtomicInteger();
  private final List<Consumer<SmsEvent>> listeners = new CopyOnWriteArrayList<>();

  private final Object lifecycle = new Object();
  private @Nullable SMPPServerSessionListener server;
  private @Nullable Thread acceptor;
  private int port;

  /** A bound client: a phone by its number, or a gateway by the sender id its SMS carry. */
  private record Party(String address, boolean phone) {}

  private static final class Counters {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong received = new AtomicLong();
  }

  public CarrierSimulator(CarrierConfig config) {
    this.config = config;
    try {
      this.host = InetAddress.getByName(config.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown carrier host " + config.host(), e);
    }
    this.gateways =
        config.gateways().stream()
            .collect(Collectors.toUnmodifiableMap(GatewayAccount::systemId, Function.identity()));
    this.port = config.port();
  }

  /** Starts a simulator on 127.0.0.1 with an ephemeral port and the given gateways. */
  public static CarrierSimulator startOnLoopback(GatewayAccount... gateways) {
    CarrierConfig config = CarrierConfig.loopback(0);
    for (GatewayAccount gateway : gateways) {
      config = config.withGateway(gateway);
    }
    return new CarrierSimulator(config).start();
  }

  /**
   * Listens and accepts binds; does nothing if already running.
   *
   * @throws UncheckedIOException if the port cannot be bound
   */
  public CarrierSimulator start() {
    synchronized (lifecycle) {
      if (server != null) {
        return this;
      }
      LoopbackServerConnectionFactory sockets = new LoopbackServerConnectionFactory(host);
      SMPPServerSessionListener listener;
      try {
        listener = new SMPPServerSessionListener(port, sockets);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "carrier simulator could not listen on " + config.host() + ":" + port, e);
      }
      listener.setMessageReceiverListener(new Receiver());
      listener.setSessionStateListener(this::onStateChange);
      port = sockets.boundPort();
      server = listener;
      acceptor = Thread.ofVirtual().name("carrier-accept-" + port).start(() -> accept(listener));
      log.info("Carrier simulator listening on {}:{}", config.host(), port);
      return this;
    }
  }

  /**
   * Stops listening and drops every connection, bound or still binding; stored SMS and counters
   * stay. Safe to repeat.
   */
  public void stop() {
    SMPPServerSessionListener listener;
    Thread thread;
    // Once server is null the acceptor admits no new connection (see accept), so the copy of
    // sessions taken below holds every connection this simulator will ever have answered.
    synchronized (lifecycle) {
      listener = server;
      thread = acceptor;
      server = null;
      acceptor = null;
    }
    if (listener == null) {
      return;
    }
    try {
      listener.close();
    } catch (IOException e) {
      log.warn("Closing the carrier's listening socket failed", e);
    }
    for (SMPPServerSession session : List.copyOf(sessions)) {
      session.close();
    }
    if (thread != null) {
      try {
        thread.join(Duration.ofSeconds(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    log.info("Carrier simulator on port {} stopped", port);
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    synchronized (lifecycle) {
      return server != null;
    }
  }

  public String host() {
    return config.host();
  }

  /** The port the simulator listens on, or last listened on if stopped. */
  public int port() {
    synchronized (lifecycle) {
      if (port == 0) {
        throw new IllegalStateException("the carrier simulator has not started yet");
      }
      return port;
    }
  }

  /** Whether a phone with this number is bound and can receive SMS right now. */
  public boolean isOnline(String number) {
    return parties.values().stream().anyMatch(p -> p.phone() && p.address().equals(number));
  }

  /** A transport for a simulated phone with this number, bound to this carrier. */
  public SimulatedSmsTransport connectPhone(String number, Consumer<ReceivedSms> onSms) {
    return new SimulatedSmsTransport(
        PhoneConfig.of(config.host(), port(), number).withPassword(config.phonePassword()), onSms);
  }

  /** Calls {@code listener} for each SMS the carrier accepts and delivers, on carrier threads. */
  public void addListener(Consumer<SmsEvent> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<SmsEvent> listener) {
    listeners.remove(listener);
  }

  /** The counters as they are now. */
  public CarrierStats stats() {
    List<NumberStats> numbers =
        counters.entrySet().stream()
            .map(
                e ->
                    new NumberStats(
                        e.getKey(), e.getValue().sent.get(), e.getValue().received.get()))
            .sorted(Comparator.comparing(NumberStats::address))
            .toList();
    return new CarrierStats(
        submitted.get(), delivered.get(), segments.get(), stored.get(), numbers);
  }

  private void accept(SMPPServerSessionListener listener) {
    while (true) {
      SMPPServerSession session;
      try {
        session = listener.accept();
      } catch (IOException e) {
        synchronized (lifecycle) {
          if (server != listener) {
            return;
          }
        }
        log.warn("Accepting an SMPP connection failed", e);
        continue;
      }
      if (!admit(listener, session)) {
        session.close();
        return;
      }
      Thread.ofVirtual().name("carrier-bind").start(() -> handshake(session));
    }
  }

  /** Tracks a new connection unless the simulator stopped while it was being accepted. */
  private boolean admit(SMPPServerSessionListener listener, SMPPServerSession session) {
    synchronized (lifecycle) {
      if (server != listener) {
        return false;
      }
      sessions.add(session);
      return true;
    }
  }

  /** How many connections are open, bound or not. */
  int openConnections() {
    return sessions.size();
  }

  private void handshake(SMPPServerSession session) {
    BindRequest request;
    try {
      request = session.waitForBind(BIND_WAIT_MILLIS);
    } catch (TimeoutException | IllegalStateException e) {
      log.debug("A connection sent no bind in time");
      forget(session);
      session.close();
      return;
    }
    Party party;
    try {
      party = authenticate(request);
    } catch (ProcessRequestException refused) {
      log.info(
          "Bind as {} refused with status 0x{}",
          redactSystemId(request.getSystemId()),
          Integer.toHexString(refused.getErrorCode()));
      refuse(session, request, refused.getErrorCode());
      forget(session);
      return;
    }
    parties.put(session.getSessionId(), party);
    session.setTransactionTimer(config.deliveryTimeout().toMillis());
    try {
      request.accept(SMSC_SYSTEM_ID);
    } catch (PDUException | IOException | IllegalStateException e) {
      log.debug("Could not answer a bind", e);
      forget(session);
      session.close();
      return;
    }
    boolean receives = request.getBindType() != BindType.BIND_TX;
    log.info(
        "{} bound as {}",
        party.phone() ? PhoneNumbers.redact(party.address()) : request.getSystemId(),
        request.getBindType());
    if (party.phone() && receives) {
      SMPPServerSession replaced = mailbox(party.address()).attach(session);
      if (replaced != null) {
        // The phone came back before its old link was seen to die: the newest bind wins.
        replaced.close();
      }
      if (!session.getSessionState().isBound()) {
        mailbox(party.address()).detach(session);
      }
    }
  }

  /**
   * Sends the negative bind_resp and lets the client hang up first: jSMPP clients handle a response
   * on a worker thread, so closing at once can make them see the end of the stream before the
   * refusal and wait for a bind_resp that never comes.
   */
  private static void refuse(SMPPServerSession session, BindRequest request, int status) {
    CountDownLatch hungUp = new CountDownLatch(1);
    session.addSessionStateListener(
        (newState, oldState, source) -> {
          if (newState == SessionState.CLOSED) {
            hungUp.countDown();
          }
        });
    try {
      request.reject(status);
      if (!hungUp.await(REFUSAL_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        log.debug("A refused client did not hang up");
      }
    } catch (IOException | IllegalStateException e) {
      log.debug("Could not send the bind refusal", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      session.close();
    }
  }

  private Party authenticate(BindRequest request) throws ProcessRequestException {
    String systemId = request.getSystemId();
    if (PhoneNumbers.isValid(systemId)) {
      if (!samePassword(request.getPassword(), config.phonePassword())) {
        throw new ProcessRequestException("wrong password", SMPPConstant.STAT_ESME_RINVPASWD);
      }
      return new Party(systemId, true);
    }
    GatewayAccount account = gateways.get(systemId);
    if (account == null) {
      throw new ProcessRequestException("unknown system_id", SMPPConstant.STAT_ESME_RINVSYSID);
    }
    if (!samePassword(request.getPassword(), account.password())) {
      throw new ProcessRequestException("wrong password", SMPPConstant.STAT_ESME_RINVPASWD);
    }
    return new Party(account.senderId(), false);
  }

  /** Compares in constant time, as any password check should. */
  private static boolean samePassword(@Nullable String given, String expected) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static String redactSystemId(@Nullable String systemId) {
    if (systemId == null) {
      return "(none)";
    }
    return systemId.startsWith("+") ? PhoneNumbers.redact(systemId) : systemId;
  }

  private void onStateChange(SessionState newState, SessionState oldState, Session source) {
    if ((newState == SessionState.CLOSED || newState == SessionState.UNBOUND)
        && source instanceof SMPPServerSession session) {
      forget(session);
    }
  }

  private void forget(SMPPServerSession session) {
    sessions.remove(session);
    Party party = parties.remove(session.getSessionId());
    if (party != null && party.phone()) {
      Mailbox mailbox = mailboxes.get(party.address());
      if (mailbox != null) {
        mailbox.detach(session);
      }
      log.info("{} unbound", PhoneNumbers.redact(party.address()));
    }
  }

  private Mailbox mailbox(String number) {
    return mailboxes.computeIfAbsent(
        number,
        n ->
            new Mailbox(
                this::deliver, stored, config.maxStoredPerNumber(), config.maxStoredTotal()));
  }

  private Counters counters(String address) {
    return counters.computeIfAbsent(address, a -> new Counters());
  }

  private SubmitSmResult submit(SubmitSm submit, SMPPServerSession source)
      throws ProcessRequestException {
    Party from = parties.get(source.getSessionId());
    if (from == null) {
      throw new ProcessRequestException("not bound", SMPPConstant.STAT_ESME_RINVBNDSTS);
    }
    if (submit.isUdhi()) {
      // Concatenation by UDH would need reassembly; long texts belong in message_payload.
      throw new ProcessRequestException(
          "use message_payload for long texts", SMPPConstant.STAT_ESME_RINVESMCLASS);
    }
    String to = SmppAddress.fromSmpp(submit.getDestAddrTon(), nonNull(submit.getDestAddress()));
    if (!PhoneNumbers.isValid(to)) {
      throw new ProcessRequestException(
          "destination is not a phone number", SMPPConstant.STAT_ESME_RINVDSTADR);
    }
    String text = SmsText.read(submit);
    int cost = SmsText.segments(text);
    StoredSms sms = new StoredSms(from.address(), to, text, cost);
    Mailbox mailbox = mailbox(to);
    if (!mailbox.store(sms)) {
      log.warn("Store for {} is full; SMS refused", PhoneNumbers.redact(to));
      throw new ProcessRequestException("message queue full", SMPPConstant.STAT_ESME_RMSGQFUL);
    }
    submitted.incrementAndGet();
    segments.addAndGet(cost);
    counters(from.address()).sent.incrementAndGet();
    publish(new SmsEvent(SmsEvent.Stage.SUBMITTED, from.address(), to, text, cost, now()));
    mailbox.flush();
    return new SubmitSmResult(messageIds.newMessageId(), new OptionalParameter[0]);
  }

  private Mailbox.Outcome deliver(SMPPServerSession session, StoredSms sms) {
    SmsText coded = SmsText.encode(sms.text());
    try {
      session.deliverShortMessage(
          "",
          SmppAddress.tonOf(sms.from()),
          SmppAddress.npiOf(sms.from()),
          SmppAddress.toSmpp(sms.from()),
          TypeOfNumber.INTERNATIONAL,
          NumberingPlanIndicator.ISDN,
          SmppAddress.toSmpp(sms.to()),
          new ESMClass(),
          (byte) 0,
          (byte) 0,
          new RegisteredDelivery(),
          coded.coding(),
          coded.shortMessage(),
          coded.optionalParameters());
    } catch (NegativeResponseException e) {
      log.warn(
          "Phone {} refused an SMS with status 0x{}; dropped",
          PhoneNumbers.redact(sms.to()),
          Integer.toHexString(e.getCommandStatus()));
      return Mailbox.Outcome.REFUSED;
    } catch (PDUException e) {
      log.warn("An SMS for {} could not be encoded; dropped", PhoneNumbers.redact(sms.to()));
      return Mailbox.Outcome.REFUSED;
    } catch (ResponseTimeoutException | InvalidResponseException | IOException e) {
      log.info(
          "Link to {} failed ({}); SMS kept for its next bind",
          PhoneNumbers.redact(sms.to()),
          e.getClass().getSimpleName());
      // A phone that does not answer is treated as gone; it will bind again.
      session.close();
      return Mailbox.Outcome.LINK_DOWN;
    }
    // The number's counter first: a reader that waits for the total then sees every number's.
    counters(sms.to()).received.incrementAndGet();
    delivered.incrementAndGet();
    publish(
        new SmsEvent(
            SmsEvent.Stage.DELIVERED, sms.from(), sms.to(), sms.text(), sms.segments(), now()));
    return Mailbox.Outcome.DELIVERED;
  }

  private Instant now() {
    return config.clock().instant();
  }

  private void publish(SmsEvent event) {
    for (Consumer<SmsEvent> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("An SMS listener failed", e);
      }
    }
  }

  private static String nonNull(@Nullable String value) {
    return value == null ? "" : value;
  }

  /** The SMSC side of SMPP: submit_sm is all a simulated carrier needs to take. */
  private final class Receiver implements ServerMessageReceiverListener {
    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
        throws ProcessRequestException {
      return submit(submitSm, source);
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public void onAcceptCancelBroadcastSm(
        CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
        QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
        throws ProcessRequestException {
      throw unsupported();
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source)
        throws ProcessRequestException {
      throw unsupported();
    }

    private ProcessRequestException unsupported() {
      return new ProcessRequestException(
          "not supported by the simulator", SMPPConstant.STAT_ESME_RINVCMDID);
    }
  }
}
