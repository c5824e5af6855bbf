package org.nubo.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.nubo.client.StoredState.Account;
import org.nubo.crypto.oprf.DleqProof;
import org.nubo.crypto.oprf.EvaluatedElement;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfEvaluation;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.OprfProofException;
import org.nubo.crypto.oprf.OprfPublicKey;
import org.nubo.crypto.oprf.Ristretto255;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;
import org.nubo.protocol.ProtocolException;
import org.nubo.protocol.api.OprfEvaluate;
import org.nubo.protocol.api.OprfEvaluated;

/**
 * Private contact discovery on the phone (docs/crypto/oprf.md): a number becomes a token by the
 * verifiable OPRF (blind, have the server evaluate, check the proof against the pinned key,
 * finalize), and the token is checked against the directory filter downloaded from the server. The
 * server sees random group elements and filter downloads; it never sees a number, nor which tokens
 * the phone checks.
 *
 * <p>Each number's token is computed once and cached (tokens change only if the server's key does),
 * so the server's limits count only numbers this phone has never asked about. The filter is cached
 * too and refreshed by ETag and deltas at most once a minute, or at once after the server said a
 * token is not an account.
 *
 * <p>The filter has false positives (about 1 in 256): a contact who is not a Nubo user may be
 * reported as one. Nothing breaks: a message to such a token gets {@code unknown_recipient} and
 * goes by SMS, a probe of it times out gray.
 *
 * <p>Thread-safe: one lock, held across the network calls (they run on the SDK's scheduler).
 */
final class Discovery {
  static final String STATE_DOCUMENT = "discovery";
  static final String FILTER_DOCUMENT = "directory-filter";
  static final long FILTER_TTL_MILLIS = 60_000;
  static final int MAX_BATCH = 1000;

  /** Threads that blind and finalize at most (a phone's big cores; the rest stay for the UI). */
  static final int MAX_THREADS = 4;

  /** A batch is never cut smaller than this: each has a proof to make and check, and a request. */
  static final int MIN_BATCH = 50;

  /**
   * What is persisted in {@link #STATE_DOCUMENT}. {@link #FILTER_DOCUMENT} holds the last full
   * update as the server sent it; {@code filterVersion} names it, so that a filter document written
   * without the state that goes with it (the process ended in between) is never used.
   */
  record State(
      @Nullable String oprfKey,
      @Nullable Map<String, String> tokens,
      long version,
      @Nullable String etag,
      @Nullable List<Long> added,
      @Nullable List<Long> removed,
      @Nullable Long filterVersion) {}

  private final ControlPlane control;
  private final ClientStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final ObjectMapper json;
  private final @Nullable OprfPublicKey pinned;

  private final Object lock = new Object();
  private @Nullable OprfPublicKey key;
  private final Map<String, String> tokens = new HashMap<>();
  private @Nullable DirectoryFilter base;
  private final Set<Long> added = new HashSet<>();
  private final Set<Long> removed = new HashSet<>();
  private long version = -1;
  private long filterVersion = -1;
  private @Nullable String etag;
  private long checkedAt = Long.MIN_VALUE;
  // Volatile, not guarded by the lock: the engine marks it stale while holding its own lock, and
  // this class holds its lock across network calls whose interceptor asks the engine.
  private volatile boolean stale = true;
  private final Ristretto255 group;
  private boolean loaded;

  Discovery(
      ControlPlane control,
      ClientStore store,
      Clock clock,
      SecureRandom random,
      ObjectMapper json,
      @Nullable OprfPublicKey pinned,
      Ristretto255 group) {
    this.group = group;
    this.control = control;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.json = json;
    this.pinned = pinned;
  }

  /**
   * The token of {@code number} if the directory says it may be a Nubo user (blocking: may evaluate
   * the number and refresh the filter).
   *
   * @throws NuboException if the server's proof is refused, or the server cannot be reached
   */
  Optional<String> tokenIfUser(Account credential, String number) {
    Map<String, String> found = discover(credential, Collections.singletonList(number));
    String token = found.get(number);
    return token == null ? Optional.<String>empty() : Optional.of(token);
  }

  /**
   * Which of {@code numbers} (E.164) may be Nubo users, with their tokens (blocking).
   *
   * @throws NuboException {@code oprf_proof_refused} if the server's answer does not prove it used
   *     the pinned key; {@link ServerException} or {@link NetworkException} from the calls
   */
  Map<String, String> discover(Account credential, Collection<String> numbers) {
    synchronized (lock) {
      load();
      List<String> missing = new ArrayList<>();
      for (String number : new LinkedHashSet<>(numbers)) {
        if (!tokens.containsKey(number)) {
          missing.add(number);
        }
      }
      // The filter downloads and decodes while the numbers are evaluated: neither needs the other.
      @Nullable CompletableFuture<Fetched> prefetch =
          !missing.isEmpty() && filterDue() ? fetchAsync(credential) : null;
      if (!missing.isEmpty()) {
        try {
          evaluate(credential, missing);
        } catch (RuntimeException | Error e) {
          // The download needs nothing from the evaluation: keep what it brought (it may have
          // stored the filter already), then report the evaluation's failure.
          if (prefetch != null) {
            try {
              refreshFilter(credential, finished(prefetch));
            } catch (RuntimeException also) {
              e.addSuppressed(also);
            }
          }
          throw e;
        }
      }
      refreshFilter(credential, prefetch == null ? null : finished(prefetch));
      Map<String, String> users = new LinkedHashMap<>();
      for (String number : numbers) {
        String token = tokens.get(number);
        if (token != null && mayContain(token)) {
          users.put(number, token);
        }
      }
      return users;
    }
  }

  /**
   * The token of {@code number} whether or not the filter holds it (blocking: may evaluate it):
   * what checks that a sealed sender's certificate names the number its message claims.
   *
   * @throws NuboException as {@link #discover}
   */
  String tokenOf(Account credential, String number) {
    synchronized (lock) {
      load();
      if (!tokens.containsKey(number)) {
        evaluate(credential, Collections.singletonList(number));
      }
      String token = tokens.get(number);
      if (token == null) {
        throw new NuboException("bad_discovery_answer", "the server evaluated no token");
      }
      return token;
    }
  }

  /**
   * Whether {@code number} is known not to be a Nubo user, without any network call (its token is
   * cached and the current filter does not hold it).
   */
  boolean knownNonUser(String number) {
    synchronized (lock) {
      load();
      String token = tokens.get(number);
      return token != null && base != null && !mayContain(token);
    }
  }

  /** The server said a token is no account: refresh the filter before the next answer. */
  void markStale() {
    stale = true;
  }

  // ---------------------------------------------------------------- OPRF

  private void evaluate(Account credential, List<String> numbers) {
    OprfClient client = new OprfClient(serverKey(), random, group);
    // Two threads per core (a thread waiting for the server leaves its core to another one that
    // blinds or finalizes) and two batches per thread, so the cores stay busy while answers come.
    int threads =
        Math.max(1, Math.min(MAX_THREADS, 2 * Runtime.getRuntime().availableProcessors()));
    int chunk =
        Math.min(
            MAX_BATCH, Math.max(MIN_BATCH, (numbers.size() + 2 * threads - 1) / (2 * threads)));
    List<List<String>> batches = new ArrayList<>();
    for (int i = 0; i < numbers.size(); i += chunk) {
      batches.add(numbers.subList(i, Math.min(numbers.size(), i + chunk)));
    }
    List<Map<String, String>> results;
    try {
      // Several smaller batches, each with its own proof, on a small pool of our own (not the
      // common fork-join pool: a batch blocks on the network), so blinding and finalizing use
      // every core up to MAX_THREADS.
      results =
          batches.size() == 1
              ? Collections.singletonList(evaluateBatch(client, credential, batches.get(0)))
              : inParallel(batches, threads, batch -> evaluateBatch(client, credential, batch));
    } catch (OprfProofException e) {
      throw new NuboException(
          "oprf_proof_refused",
          "the server's discovery answer does not prove it used the pinned OPRF key; refused",
          e);
    } catch (OprfException | ProtocolException | IllegalArgumentException e) {
      throw new NuboException(
          "bad_discovery_answer", "the server's discovery answer is malformed; refused", e);
    }
    for (Map<String, String> result : results) {
      tokens.putAll(result);
    }
    persist();
  }

  /**
   * {@code work} on each batch, on at most {@code threads} threads; the first failure is rethrown
   * as is.
   */
  private static <R> List<R> inParallel(
      List<List<String>> batches, int threads, java.util.function.Function<List<String>, R> work) {
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(threads, batches.size()), daemon("nubo-discovery"));
    try {
      List<Future<R>> futures = new ArrayList<>(batches.size());
      for (List<String> batch : batches) {
        futures.add(pool.submit(() -> work.apply(batch)));
      }
      List<R> results = new ArrayList<>(batches.size());
      for (Future<R> future : futures) {
        results.add(await(future));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The future's value; its failure rethrown as is when it is unchecked. */
  private static <R> R await(Future<R> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrapped(e.getCause(), "discovery failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NuboException("interrupted", "discovery was interrupted", e);
    }
  }

  private Map<String, String> evaluateBatch(
      OprfClient client, Account credential, List<String> numbers) {
    List<OprfClient.Blinded> states = new ArrayList<>(numbers.size());
    List<String> blinded = new ArrayList<>(numbers.size());
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    for (String number : numbers) {
      OprfClient.Blinded state = client.blind(number.getBytes(StandardCharsets.US_ASCII));
      states.add(state);
      blinded.add(encoder.encodeToString(state.blindedElement().toByteArray()));
    }
    OprfEvaluated answer = control.evaluate(credential, new OprfEvaluate(blinded));
    Base64.Decoder decoder = Base64.getUrlDecoder();
    List<EvaluatedElement> evaluated = new ArrayList<>(answer.evaluatedElements().size());
    for (String element : answer.evaluatedElements()) {
      evaluated.add(EvaluatedElement.fromBytes(decoder.decode(element)));
    }
    List<byte[]> outputs =
        client.finalizeOutputs(
            states,
            new OprfEvaluation(evaluated, DleqProof.fromBytes(decoder.decode(answer.proof()))));
    Map<String, String> result = new HashMap<>();
    IntStream.range(0, numbers.size())
        .forEach(
            i -> result.put(numbers.get(i), AccountToken.fromOprfOutput(outputs.get(i)).text()));
    return result;
  }

  /**
   * The pinned key, or on first use without a pin the key the server publishes (trust on first use,
   * remembered; a later different key is refused by the proofs).
   */
  private OprfPublicKey serverKey() {
    OprfPublicKey pin = pinned;
    if (pin != null) {
      if (key != null && !pin.equals(key)) {
        // The app pins a new key (the server rotated it): tokens under the old one are useless.
        tokens.clear();
      }
      key = pin;
      return pin;
    }
    OprfPublicKey known = key;
    if (known != null) {
      return known;
    }
    String published = control.config().oprfPublicKey();
    OprfPublicKey fetched;
    try {
      fetched = OprfPublicKey.fromBytes(Base64.getUrlDecoder().decode(published));
    } catch (OprfException | IllegalArgumentException e) {
      throw new NuboException(
          "bad_discovery_answer", "the server's OPRF public key is malformed", e);
    }
    key = fetched;
    return fetched;
  }

  // ---------------------------------------------------------------- filter

  /** A filter download and its decoding; both null for "not modified". */
  private record Fetched(
      ControlPlane.@Nullable FilterDownload download, @Nullable DirectoryUpdate update) {}

  private boolean filterDue() {
    return stale || base == null || clock.millis() - checkedAt >= FILTER_TTL_MILLIS;
  }

  /**
   * Downloads and decodes the filter update from the version this phone has now, and stores a full
   * one as it came (blocking when called: on its own thread, the write overlaps the evaluations).
   * Needs the lock: it reads the version here, so it may run on another thread.
   */
  private Supplier<Fetched> fetcher(Account credential) {
    long fromVersion = base == null ? -1 : version;
    @Nullable String knownEtag = base == null ? null : etag;
    return () -> {
      ControlPlane.FilterDownload download = control.filter(credential, fromVersion, knownEtag);
      if (download == null) {
        return new Fetched(null, null);
      }
      try {
        DirectoryUpdate update = DirectoryUpdate.decode(download.body());
        if (update.isFull()) {
          // Used on the next start only if the state names this version (see State).
          store.write(FILTER_DOCUMENT, download.body());
        }
        return new Fetched(download, update);
      } catch (ProtocolException e) {
        throw new NuboException("bad_discovery_answer", "the directory filter is malformed", e);
      }
    };
  }

  /**
   * The download's result once it has ended, its failure rethrown as is when unchecked. Waits
   * through interrupts (and keeps the thread's interrupt status): the download may be writing the
   * filter document, and the lock is not released before it is done.
   */
  private static Fetched finished(CompletableFuture<Fetched> download) {
    try {
      return download.join();
    } catch (CompletionException e) {
      throw unwrapped(e.getCause(), "the filter download failed");
    }
  }

  /** A task's failure as it was when unchecked; anything else wrapped, saying {@code what}. */
  private static RuntimeException unwrapped(@Nullable Throwable cause, String what) {
    return cause instanceof RuntimeException failure
        ? failure
        : new IllegalStateException(what, cause);
  }

  /** {@link #fetcher} on a thread of its own. */
  private CompletableFuture<Fetched> fetchAsync(Account credential) {
    ThreadFactory threads = daemon("nubo-discovery-filter");
    return CompletableFuture.supplyAsync(
        fetcher(credential), runnable -> threads.newThread(runnable).start());
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private void refreshFilter(Account credential) {
    refreshFilter(credential, null);
  }

  /**
   * Brings the filter up to date, from {@code prefetched} if it was downloaded already (from the
   * version this phone still has: the lock was held since).
   */
  private void refreshFilter(Account credential, @Nullable Fetched prefetched) {
    long now = clock.millis();
    if (prefetched == null && !filterDue()) {
      return;
    }
    Fetched fetched = prefetched != null ? prefetched : fetcher(credential).get();
    checkedAt = now;
    stale = false;
    ControlPlane.FilterDownload download = fetched.download();
    DirectoryUpdate update = fetched.update();
    if (download == null || update == null) {
      return;
    }
    if (update.isFull()) {
      base = update.filter();
      filterVersion = update.version();
      added.clear();
      removed.clear();
    } else if (update.base() != version || base == null) {
      // Not a delta from what this phone has: start over with the whole filter.
      base = null;
      stale = true;
      refreshFilter(credential);
      return;
    }
    for (long k : update.added()) {
      removed.remove(k);
      added.add(k);
    }
    for (long k : update.removed()) {
      added.remove(k);
      removed.add(k);
    }
    version = update.version();
    etag = download.etag();
    persist();
  }

  private boolean mayContain(String token) {
    long k = DirectoryFilter.keyOf(AccountToken.parse(token));
    if (added.contains(k)) {
      return true;
    }
    DirectoryFilter filter = base;
    return !removed.contains(k) && filter != null && filter.mayContain(k);
  }

  // ---------------------------------------------------------------- persistence

  private void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    Optional<byte[]> document = store.read(STATE_DOCUMENT);
    if (!document.isPresent()) {
      return;
    }
    State state;
    try {
      state = json.readValue(document.get(), State.class);
    } catch (IOException e) {
      return; // A cache: start afresh.
    }
    if (state.oprfKey() != null) {
      try {
        key = OprfPublicKey.fromBytes(Base64.getUrlDecoder().decode(state.oprfKey()));
      } catch (OprfException | IllegalArgumentException e) {
        return;
      }
    }
    if (state.tokens() != null) {
      tokens.putAll(state.tokens());
    }
    Optional<byte[]> filter = store.read(FILTER_DOCUMENT);
    Long storedVersion = state.filterVersion();
    if (filter.isPresent() && storedVersion != null) {
      try {
        DirectoryUpdate full = DirectoryUpdate.decode(filter.get());
        if (!full.isFull() || full.version() != storedVersion) {
          return; // not the filter the state was built on: download it again
        }
        base = full.filter();
        filterVersion = storedVersion;
        version = state.version();
        etag = state.etag();
        if (state.added() != null) {
          added.addAll(state.added());
        }
        if (state.removed() != null) {
          removed.addAll(state.removed());
        }
      } catch (ProtocolException e) {
        base = null;
      }
    }
  }

  private void persist() {
    OprfPublicKey current = key;
    State state =
        new State(
            current == null
                ? null
                : Base64.getUrlEncoder().withoutPadding().encodeToString(current.toByteArray()),
            new HashMap<>(tokens),
            version,
            etag,
            new ArrayList<>(added),
            new ArrayList<>(removed),
            base == null ? null : filterVersion);
    try {
      store.write(STATE_DOCUMENT, json.writeValueAsBytes(state));
    } catch (IOException e) {
      throw new IllegalStateException("the SDK's discovery state cannot be encoded", e);
    }
  }
}
