package org.nubo.core.discovery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;

/**
 * Serves the directory filter: the compact set of registered accounts that phones download to
 * learn, on the phone, which of their contacts use Nubo. The server never learns which tokens a
 * phone checks.
 *
 * <p>A <em>snapshot</em> is a {@link DirectoryFilter} built from every registered key at one
 * version of the {@link DirectoryLog}. Between snapshots, phones get <em>deltas</em>: the keys
 * added and removed since the version they hold. A phone too far behind (its version is older than
 * the log's floor, or the delta would exceed {@code maxDeltaKeys}) gets the newest snapshot and the
 * changes since it. The ETag of every answer is the version it brings the phone to.
 *
 * <p>{@link #maintain()} rebuilds the snapshot when enough changed or it is old, and prunes changes
 * older than the delta retention, so a deleted account's key leaves the log after that time.
 */
public final class DirectoryFilters {
  /** What the filter route answers. */
  public sealed interface Answer {
    String etag();

    /** The phone is current. */
    record NotModified(String etag) implements Answer {}

    /** Bytes of a {@link DirectoryUpdate}. */
    @SuppressWarnings("ArrayRecordComponent") // written to the response once
    record Update(String etag, byte[] body, boolean full) implements Answer {}
  }

  /** How the filters are kept. */
  public record Policy(
      int maxDeltaKeys, int rebuildAfterChanges, Duration rebuildAfter, Duration deltaRetention) {
    public static Policy defaults() {
      return new Policy(100_000, 50_000, Duration.ofMinutes(10), Duration.ofDays(7));
    }
  }

  private record Snapshot(long version, DirectoryFilter filter, Instant builtAt) {}

  private final DirectoryLog log;
  private final RateLimiter perAccount;
  private final Clock clock;
  private final Policy policy;
  private final AtomicBoolean maintaining = new AtomicBoolean();
  private final Deque<Snapshot> history = new ArrayDeque<>();
  private volatile @Nullable Snapshot snapshot;

  public DirectoryFilters(DirectoryLog log, RateLimiter perAccount, Clock clock, Policy policy) {
    this.log = log;
    this.perAccount = perAccount;
    this.clock = clock;
    this.policy = policy;
  }

  /** Builds a snapshot from every registered key; returns its size in bytes. */
  public synchronized int rebuild() {
    DirectoryLog.Keys keys = log.registeredKeys();
    Snapshot built =
        new Snapshot(keys.version(), DirectoryFilter.build(keys.keys()), clock.instant());
    snapshot = built;
    history.addLast(built);
    return built.filter().encodedLength();
  }

  /**
   * The answer for a phone that holds {@code since} (absent: nothing yet) and sent {@code
   * ifNoneMatch}.
   */
  public Answer answer(DevicePrincipal caller, OptionalLong since, Optional<String> ifNoneMatch) {
    perAccount.acquire(caller.account().text());
    long latest = log.latestVersion();
    String etag = etag(latest);
    if (ifNoneMatch.filter(etag::equals).isPresent()
        || (since.isPresent() && since.getAsLong() == latest)) {
      return new Answer.NotModified(etag);
    }
    if (since.isPresent() && since.getAsLong() < latest && since.getAsLong() >= log.floor()) {
      DirectoryLog.Changes changes = log.changesSince(since.getAsLong(), policy.maxDeltaKeys());
      if (!changes.truncated()) {
        return new Answer.Update(
            etag(changes.version()),
            DirectoryUpdate.delta(
                    changes.version(), since.getAsLong(), changes.added(), changes.removed())
                .encode(),
            false);
      }
    }
    Snapshot current = current();
    DirectoryLog.Changes changes = log.changesSince(current.version(), Integer.MAX_VALUE);
    return new Answer.Update(
        etag(changes.version()),
        DirectoryUpdate.full(
                changes.version(),
                current.version(),
                current.filter(),
                changes.added(),
                changes.removed())
            .encode(),
        true);
  }

  /**
   * Rebuilds the snapshot if {@code rebuildAfterChanges} changes piled up, or any change is older
   * than {@code rebuildAfter}; prunes changes older than the retention. Overlapping calls return at
   * once, so a slow rebuild never queues up.
   */
  public void maintain() {
    if (!maintaining.compareAndSet(false, true)) {
      return;
    }
    try {
      Snapshot current = current();
      long pending = log.latestVersion() - current.version();
      Duration age = Duration.between(current.builtAt(), clock.instant());
      if (pending >= policy.rebuildAfterChanges()
          || (pending > 0 && age.compareTo(policy.rebuildAfter()) >= 0)) {
        rebuild();
      }
      prune();
    } finally {
      maintaining.set(false);
    }
  }

  /** The snapshot's key count, for metrics and tests. */
  public int snapshotSize() {
    return current().filter().size();
  }

  private synchronized void prune() {
    Instant cutoff = clock.instant().minus(policy.deltaRetention());
    long prunable = -1;
    // Keep the newest snapshot; drop older ones whose successors were built before the cutoff.
    while (history.size() > 1) {
      Snapshot oldest = history.removeFirst();
      Snapshot next = history.getFirst();
      if (next.builtAt().isAfter(cutoff)) {
        history.addFirst(oldest);
        break;
      }
      prunable = next.version();
    }
    if (prunable > log.floor()) {
      log.prune(prunable);
    }
  }

  private Snapshot current() {
    Snapshot current = snapshot;
    if (current == null) {
      rebuild();
      current = snapshot;
    }
    if (current == null) {
      throw new IllegalStateException("no snapshot after a rebuild");
    }
    return current;
  }

  private static String etag(long version) {
    return "\"" + version + "\"";
  }
}
