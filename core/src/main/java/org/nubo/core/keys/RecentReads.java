package org.nubo.core.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.AccountToken;

/**
 * Values read from storage recently, per account, so the data plane's hot path rarely waits for the
 * database (it runs on the server's event loops). Each value is trusted for {@code ttl}; the owner
 * forgets an account's value when it writes a new one on this node, and callers re-read the store
 * whenever a remembered value disagrees with what they are checking, so a stale memory can only
 * ever say yes to what was true within the last {@code ttl}. Bounded: past {@code max} entries the
 * memory starts over.
 */
final class RecentReads<V> {
  private record Entry<V>(V value, Instant until) {}

  private final ConcurrentHashMap<AccountToken, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration ttl;
  private final int max;

  RecentReads(Clock clock, Duration ttl, int max) {
    this.clock = clock;
    this.ttl = ttl;
    this.max = max;
  }

  /** The value remembered for {@code account}, if it is still fresh. */
  @Nullable V get(AccountToken account) {
    Entry<V> entry = entries.get(account);
    if (entry == null) {
      return null;
    }
    if (!entry.until().isAfter(clock.instant())) {
      entries.remove(account, entry);
      return null;
    }
    return entry.value();
  }

  /** Remembers {@code value}, just read from the store. */
  void put(AccountToken account, V value) {
    if (entries.size() >= max) {
      entries.clear();
    }
    entries.put(account, new Entry<>(value, clock.instant().plus(ttl)));
  }

  /** Forgets {@code account}'s value: it was written anew, or is gone. */
  void forget(AccountToken account) {
    entries.remove(account);
  }
}
