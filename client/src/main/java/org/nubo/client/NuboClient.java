package org.nubo.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.nubo.client.internal.PinnedTrustManager;
import org.nubo.crypto.KeyPin;
import org.nubo.crypto.oprf.OprfPublicKey;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * The Nubo device SDK. Build one per app with {@link #builder()} and keep it for the process's
 * life. Everything is off until the user registers ({@link #startVerification} then {@link
 * #confirmCode}); while messaging is off the client opens no network connection at all and sends
 * every message as a plain SMS.
 *
 * <p>Methods marked <em>blocking</em> talk to the server on the calling thread: call them off the
 * main thread. All others return at once; results arrive as {@link NuboEvent}s on one executor, in
 * order.
 */
public final class NuboClient implements AutoCloseable {
  private final Engine engine;
  private final @Nullable ExecutorService ownedEvents;
  private final @Nullable ScheduledExecutorService ownedScheduler;
  private final OkHttpClient http;

  private NuboClient(
      Engine engine,
      OkHttpClient http,
      @Nullable ExecutorService ownedEvents,
      @Nullable ScheduledExecutorService ownedScheduler) {
    this.engine = engine;
    this.http = http;
    this.ownedEvents = ownedEvents;
    this.ownedScheduler = ownedScheduler;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The user's switches. */
  public Settings settings() {
    return engine.settings();
  }

  /**
   * Sends a verification code by SMS to {@code number} (blocking).
   *
   * @throws InvalidNumberException if the number cannot be read
   * @throws ServerException e.g. {@code rate_limited} with {@link ServerException#retryAfter()}
   * @throws NetworkException if the server cannot be reached
   */
  public VerificationStarted startVerification(String number) {
    return engine.startVerification(number);
  }

  /**
   * Proves the code, registers this device and turns messaging on (blocking). The device picks a
   * random id and secret; no hardware identifier leaves the phone.
   *
   * @throws ServerException {@code wrong_code} (403) or {@code session_gone} (410)
   */
  public void confirmCode(String code) {
    engine.confirmCode(code);
  }

  /**
   * Turns messaging off (blocking): asks the server to remove this account's devices, forgets the
   * credential and disconnects. Messaging is off on the phone even if this throws; the exception
   * then says the server could not be told.
   */
  public void disableMessaging() {
    engine.disableMessaging();
  }

  /**
   * Adds or renames a contact; {@code number} is normalised to E.164.
   *
   * @throws InvalidNumberException if {@code number} is not a valid phone number
   */
  public Contact addContact(String name, String number) {
    return engine.addContact(name, number);
  }

  /**
   * Adds or renames many contacts at once (an address book import), with one write of the SDK's
   * state; numbers are normalised to E.164. Nothing leaves the phone.
   *
   * @return the contacts given, with their numbers normalised, in the order given (a number given
   *     twice is stored once, under the later name)
   * @throws InvalidNumberException giving the position (never the name) of the first contact whose
   *     number is not valid; then no contact is added
   */
  public List<Contact> addContacts(Collection<Contact> contacts) {
    return engine.addContacts(contacts);
  }

  public List<Contact> contacts() {
    return engine.contacts();
  }

  /**
   * Sends {@code text} to {@code toNumber}: over IP when the recipient is a Nubo user and takes it
   * in time, otherwise as an SMS. Returns the queued message; its progress arrives as {@link
   * NuboEvent.MessageUpdated} events.
   *
   * @throws InvalidNumberException if the number cannot be read
   */
  public OutgoingMessage send(String toNumber, String text) {
    return engine.send(toNumber, text);
  }

  /**
   * Sends a {@link OutgoingMessage.State#FAILED} message as an SMS after all, because the user
   * chose to (say, after "never fall back" held it back). Returns it on its way by SMS.
   *
   * @throws NuboException {@code no_such_message} or {@code not_failed}
   */
  public OutgoingMessage retryAsSms(long messageId) {
    return engine.retryAsSms(messageId);
  }

  /**
   * Turns SMS fallback on or off for every conversation. A fallback SMS travels in clear through
   * the carrier; with fallback off, a message that cannot go over IP fails with {@link
   * OutgoingMessage.Failure#SMS_FALLBACK_OFF} instead. On by default; persisted.
   */
  public void setSmsFallback(boolean on) {
    engine.setSmsFallback(on);
  }

  /**
   * Turns SMS fallback on or off for the conversation with {@code number} (the global switch still
   * applies: fallback happens only when both allow it).
   *
   * @throws InvalidNumberException if the number cannot be read
   */
  public void setSmsFallback(String number, boolean on) {
    engine.setSmsFallback(number, on);
  }

  /**
   * Who may see this phone as reachable over IP: {@link PresenceSharing#EVERYONE}, {@link
   * PresenceSharing#CONTACTS} (the default: numbers in {@link #contacts()}) or {@link
   * PresenceSharing#NOBODY}. Decided on this phone when a sealed probe arrives, after checking that
   * the number the asker claims is its own; a refusal is silence, so the asker cannot tell it from
   * this phone being offline. Persisted.
   */
  public void setPresenceSharing(PresenceSharing sharing) {
    engine.setPresenceSharing(sharing);
  }

  /**
   * Hands the SDK an SMS the phone received. A copy of a message already shown (over IP or by an
   * earlier SMS) is dropped; any other SMS is shown.
   *
   * @return true if it was shown as a new message; false if the app should hide it as a duplicate
   */
  public boolean onSmsReceived(String fromNumber, String text) {
    return engine.onSmsReceived(fromNumber, text);
  }

  /**
   * Whether {@code number} is reachable over IP, for redrawing a list: an answer up to 10 seconds
   * old is reused. GRAY at once when it cannot be reachable (messaging off, not connected, not a
   * Nubo user).
   */
  public CompletableFuture<Reachability> reachability(String number) {
    return engine.reachability(number, false);
  }

  /**
   * Asks afresh whether {@code number} is reachable over IP: what an app calls when the user opens
   * a conversation or a contact, so the indicator reflects this moment.
   */
  public CompletableFuture<Reachability> checkReachability(String number) {
    return engine.reachability(number, true);
  }

  /**
   * Which contacts may be Nubo users (blocking). Private contact discovery: each contact's number
   * that this phone never asked about is blinded and evaluated by the server (which sees random
   * group elements only, and counts them against this account's allowance), the answer's proof is
   * checked against the pinned OPRF key, and the resulting tokens are checked against the directory
   * filter downloaded from the server. About 1 in 256 non-users is reported as a possible user (the
   * filter's false positives); messages to them simply go by SMS.
   *
   * @throws NuboException {@code oprf_proof_refused} if the server's answer does not prove it used
   *     the pinned key
   * @throws ServerException e.g. {@code rate_limited} with {@link ServerException#retryAfter()}
   * @throws NetworkException if the server cannot be reached
   */
  public List<Contact> discoverContacts() {
    return engine.discoverContacts();
  }

  /**
   * The safety number (60 digits in 12 groups of 5) this phone and {@code number} can compare to
   * check that no one sits between them (blocking: may look the number up). Empty while messaging
   * is off, for a number that is not a Nubo user, or for a contact whose key this phone has not
   * seen yet (no message either way).
   *
   * @throws InvalidNumberException if the number cannot be read
   */
  public Optional<String> safetyNumber(String number) {
    return engine.safetyNumber(number);
  }

  /**
   * Accepts the changed safety number of {@code number} after a {@link
   * NuboEvent.SafetyNumberChanged}, so messages to it go over IP again (blocking: may look the
   * number up). Until then they go by SMS, or fail with fallback off.
   *
   * @throws NuboException {@code no_safety_number} if this phone never saw the contact's key, or
   *     {@code messaging_off}
   */
  public void acceptSafetyNumber(String number) {
    engine.acceptSafetyNumber(number);
  }

  /** Messages shown to the user, oldest first (the most recent 500). */
  public List<InboxMessage> inbox() {
    return engine.inbox();
  }

  /** Messages sent: every unfinished one and the most recent 500 finished ones. */
  public List<OutgoingMessage> outbox() {
    return engine.outbox();
  }

  /** Whether the data-plane connection is open now. */
  public boolean isConnected() {
    return engine.isConnected();
  }

  /** Calls {@code subscriber} with every event until the returned handle is closed. */
  public AutoCloseable subscribe(Consumer<NuboEvent> subscriber) {
    return engine.subscribe(subscriber);
  }

  /**
   * Disconnects and cancels the client's timers, so that nothing keeps it alive once the app drops
   * it (the SDK's own threads end at once). Executors passed to the builder are not shut down.
   */
  @Override
  public void close() {
    engine.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    if (ownedScheduler != null) {
      ownedScheduler.shutdown();
    }
    if (ownedEvents != null) {
      ownedEvents.shutdown();
    }
  }

  Engine engine() {
    return engine;
  }

  static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * Configures a {@link NuboClient}. {@code server}, {@code store} and {@code sms} are required.
   */
  public static final class Builder {
    private @Nullable URI server;
    private @Nullable KeyPin pin;
    private @Nullable OprfPublicKey oprfKey;
    private @Nullable Ristretto255 oprfGroup;
    private byte @Nullable [] sealedSenderRoot;
    private boolean plaintext;
    private @Nullable ClientStore store;
    private @Nullable SmsTransport sms;
    private Clock clock = Clock.systemUTC();
    private @Nullable ScheduledExecutorService scheduler;
    private @Nullable Executor events;
    private String region = "ZZ";
    private Duration timeout = Duration.ofSeconds(15);

    private Builder() {}

    /** The server's base URI, {@code https://host[:port]/}. */
    public Builder server(URI server) {
      this.server = server;
      return this;
    }

    /**
     * The pin of the server's public key, {@code "sha256/<base64>"} (the operator publishes it).
     * Required for https. The server's certificate is self-signed: the pin is what makes it
     * trusted.
     */
    public Builder serverKeyPin(String pin) {
      this.pin = KeyPin.parse(pin);
      return this;
    }

    /**
     * The server's OPRF public key, base64url of 32 bytes (the operator publishes it, as {@code
     * oprfPublicKey} of {@code GET /v1/config}). Every discovery answer must prove it was made with
     * this key, so a server cannot key this user differently to recognise them. Without it the SDK
     * trusts the key the server publishes on first use and holds it from then on.
     *
     * @throws IllegalArgumentException if it is not a valid key
     */
    public Builder oprfPublicKey(String base64url) {
      try {
        this.oprfKey = OprfPublicKey.fromBytes(java.util.Base64.getUrlDecoder().decode(base64url));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("not an OPRF public key: " + e.getMessage(), e);
      }
      return this;
    }

    /**
     * The group arithmetic for private contact discovery. By default the SDK uses libsodium when
     * lazysodium-java is on the class path and loads here, and pure Java otherwise; an Android app
     * that ships lazysodium-android passes {@code LibsodiumRistretto255.of(new SodiumAndroid())}.
     * The tokens are the same either way; libsodium makes a first discovery about twice as fast.
     */
    public Builder oprfGroup(Ristretto255 group) {
      this.oprfGroup = group;
      return this;
    }

    /**
     * Pins the sealed-sender trust root (the 33-byte public key, base64 or base64url, that the
     * operator publishes and the server prints at start). Only sender certificates signed under it
     * are accepted. Without it the SDK takes the root from {@code GET /v1/config}, which arrives
     * over the same pinned TLS connection, so only the holder of the pinned server key could change
     * it: pinning the root as well guards against that key being stolen, and lets the root be kept
     * offline.
     *
     * @throws IllegalArgumentException if {@code root} is not base64 of 33 bytes
     */
    public Builder sealedSenderRoot(String root) {
      byte[] decoded = E2e.decode(root.trim());
      if (decoded == null || decoded.length != 33) {
        throw new IllegalArgumentException("a sealed-sender root is base64 of a 33-byte key");
      }
      this.sealedSenderRoot = decoded;
      return this;
    }

    /** Allows an {@code http://} server, for a developer's local server only. */
    public Builder allowPlaintextForDevelopment() {
      this.plaintext = true;
      return this;
    }

    /** Where state survives restarts, e.g. {@code new FileClientStore(dir)}. */
    public Builder store(ClientStore store) {
      this.store = store;
      return this;
    }

    /** The phone's carrier SMS, used for fallback. */
    public Builder smsTransport(SmsTransport sms) {
      this.sms = sms;
      return this;
    }

    /** Default: the system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Runs timers, directory lookups and SMS sends. Default: one daemon thread owned by the client.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Where events are delivered, one at a time and in order: give a single-threaded executor (on
     * Android, one that posts to the main looper). Default: one daemon thread owned by the client.
     */
    public Builder eventExecutor(Executor events) {
      this.events = events;
      return this;
    }

    /**
     * The region (ISO 3166 code, e.g. {@code "DE"}) for numbers typed without a country code.
     * Default {@code "ZZ"}: every number must start with {@code +}.
     */
    public Builder defaultRegion(String region) {
      this.region = region.toUpperCase(Locale.ROOT);
      return this;
    }

    /** Timeout for each REST call. Default 15 s. */
    public Builder callTimeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the client, loads its persisted state and, if messaging is on, connects.
     *
     * @throws IllegalStateException if a required part is missing or the server is plaintext
     *     without {@link #allowPlaintextForDevelopment()}, or https without a pin
     */
    public NuboClient build() {
      URI uri = require(server, "server");
      ClientStore clientStore = require(store, "store");
      SmsTransport transport = require(sms, "smsTransport");
      HttpUrl base = HttpUrl.get(uri.toString().endsWith("/") ? uri.toString() : uri + "/");
      ExecutorService ownedEvents = null;
      Executor eventExecutor = events;
      if (eventExecutor == null) {
        ownedEvents = Executors.newSingleThreadExecutor(daemon("nubo-events"));
        eventExecutor = ownedEvents;
      }
      ScheduledExecutorService ownedScheduler = null;
      ScheduledExecutorService timers = scheduler;
      if (timers == null) {
        ScheduledThreadPoolExecutor owned =
            new ScheduledThreadPoolExecutor(1, daemon("nubo-scheduler"));
        // close() ends the thread at once: timers still waiting (a ping, a reconnect) are dropped
        // rather than keeping the closed client, and everything it holds, alive until they fire.
        owned.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        owned.setRemoveOnCancelPolicy(true);
        ownedScheduler = owned;
        timers = owned;
      }

      EngineRef ref = new EngineRef();
      OkHttpClient.Builder http =
          new OkHttpClient.Builder()
              .callTimeout(timeout)
              .addInterceptor(new MessagingGate(ref::messagingOn));
      if (base.isHttps()) {
        KeyPin keyPin = pin;
        if (keyPin == null) {
          throw new IllegalStateException("an https server needs serverKeyPin(\"sha256/...\")");
        }
        PinnedTrustManager trust = new PinnedTrustManager(keyPin);
        http.sslSocketFactory(trust.socketFactory(), trust).hostnameVerifier((host, s) -> true);
      } else if (!plaintext) {
        throw new IllegalStateException(
            "http:// is for development only; call allowPlaintextForDevelopment() to use it");
      }
      OkHttpClient client = http.build();
      ObjectMapper json = objectMapper();
      HttpUrl socketUrl = base.resolve("v1/websocket");
      HttpUrl sealedUrl = base.resolve("v1/websocket/sealed");
      if (socketUrl == null || sealedUrl == null) {
        throw new IllegalStateException("bad server URI");
      }
      WebSocketConnector connector = new WebSocketConnector(client, socketUrl, true, timers);
      WebSocketConnector sealedConnector = new WebSocketConnector(client, sealedUrl, false, timers);
      HttpControlPlane control = new HttpControlPlane(client, base, json);
      SecureRandom random = new SecureRandom();
      byte[] root = sealedSenderRoot;
      Engine engine =
          new Engine(
              clock,
              timers,
              eventExecutor,
              clientStore,
              transport,
              control,
              control,
              connector,
              sealedConnector,
              root == null ? Optional.<byte[]>empty() : Optional.of(root.clone()),
              new Numbers(region),
              random,
              json,
              new Discovery(
                  control,
                  clientStore,
                  clock,
                  random,
                  json,
                  oprfKey,
                  oprfGroup != null
                      ? oprfGroup
                      : LibsodiumRistretto255.load().orElse(Ristretto255.pureJava())));
      ref.engine = engine;
      connector.attach(
          new WebSocketConnector.Endpoint(engine::connected, engine::frame, engine::disconnected));
      sealedConnector.attach(
          new WebSocketConnector.Endpoint(
              engine::sealedConnected, engine::sealedFrame, engine::sealedDisconnected));
      engine.start();
      return new NuboClient(engine, client, ownedEvents, ownedScheduler);
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw new IllegalStateException("NuboClient.builder() needs " + name + "(...)");
      }
      return value;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
      return runnable -> {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
      };
    }
  }

  private static final class EngineRef {
    volatile @Nullable Engine engine;

    boolean messagingOn() {
      Engine current = engine;
      return current != null && current.account() != null;
    }
  }

  /**
   * The "all off" switch in the HTTP chain: while messaging is off, only the routes that turn it on
   * may leave the phone, so no other request can bypass the setting.
   */
  static final class MessagingGate implements Interceptor {
    private final BooleanSupplier messagingOn;

    MessagingGate(BooleanSupplier messagingOn) {
      this.messagingOn = messagingOn;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      if (!messagingOn.getAsBoolean() && !turnsMessagingOn(request)) {
        throw new IOException("messaging is off: no request may leave the phone");
      }
      return chain.proceed(request);
    }

    private static boolean turnsMessagingOn(Request request) {
      String path = request.url().encodedPath();
      return request.method().equals("POST")
          && (path.endsWith("/v1/registration") || path.contains("/v1/verification/sessions"));
    }
  }
}
