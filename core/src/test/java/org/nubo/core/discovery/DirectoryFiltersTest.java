package org.nubo.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.nubo.core.MutableClock;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.Limit;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.DirectoryUpdate;

class DirectoryFiltersTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final FakeLog log = new FakeLog();
  private final DirectoryFilters filters =
      new DirectoryFilters(
          log,
          new RateLimiter(new Limit("filter_per_account", 1000, Duration.ofSeconds(1)), clock),
          clock,
          new DirectoryFilters.Policy(3, 5, Duration.ofMinutes(10), Duration.ofDays(1)));
  private final DevicePrincipal caller =
      new DevicePrincipal(AccountToken.of(new byte[32]), "00000000-0000-4000-8000-000000000000");

  @Test
  void aPhoneWithNothingGetsTheWholeFilterThenOnlyChanges() {
    log.add(1);
    log.add(2);
    filters.rebuild();
    log.add(3);

    DirectoryUpdate full = update(filters.answer(caller, OptionalLong.empty(), Optional.empty()));
    assertThat(full.isFull()).isTrue();
    assertThat(full.filter().mayContain(1)).isTrue();
    assertThat(full.added()).containsExactly(3);
    assertThat(full.version()).isEqualTo(3);

    log.remove(1);
    DirectoryUpdate delta = update(filters.answer(caller, OptionalLong.of(3), Optional.empty()));
    assertThat(delta.isFull()).isFalse();
    assertThat(delta.removed()).containsExactly(1);
    assertThat(delta.base()).isEqualTo(3);
  }

  @Test
  void aCurrentPhoneGetsNotModifiedByVersionOrByEtag() {
    log.add(1);
    filters.rebuild();

    DirectoryFilters.Answer byVersion =
        filters.answer(caller, OptionalLong.of(1), Optional.empty());
    DirectoryFilters.Answer byEtag =
        filters.answer(caller, OptionalLong.empty(), Optional.of("\"1\""));

    assertThat(byVersion).isEqualTo(new DirectoryFilters.Answer.NotModified("\"1\""));
    assertThat(byEtag).isEqualTo(new DirectoryFilters.Answer.NotModified("\"1\""));
  }

  @Test
  void aPhoneTooFarBehindGetsTheWholeFilter() {
    filters.rebuild();
    for (long key = 10; key < 15; key++) {
      log.add(key);
    }

    DirectoryUpdate answer = update(filters.answer(caller, OptionalLong.of(0), Optional.empty()));

    assertThat(answer.isFull()).isTrue();
  }

  @Test
  void maintenanceRebuildsAfterEnoughChangesAndPrunesPastTheRetention() {
    filters.rebuild();
    for (long key = 1; key <= 5; key++) {
      log.add(key);
    }
    filters.maintain();
    assertThat(filters.snapshotSize()).isEqualTo(5);

    log.add(6);
    clock.advance(Duration.ofMinutes(11));
    filters.maintain();
    assertThat(filters.snapshotSize()).isEqualTo(6);
    assertThat(log.floor()).isZero();

    clock.advance(Duration.ofDays(2));
    log.add(7);
    filters.maintain();
    filters.maintain();
    assertThat(log.floor()).isGreaterThanOrEqualTo(6);
  }

  private static DirectoryUpdate update(DirectoryFilters.Answer answer) {
    assertThat(answer).isInstanceOf(DirectoryFilters.Answer.Update.class);
    return DirectoryUpdate.decode(((DirectoryFilters.Answer.Update) answer).body());
  }

  /** The log as the SQLite triggers keep it. */
  static final class FakeLog implements DirectoryLog {
    private final Set<Long> registered = new TreeSet<>();
    private final List<long[]> changes = new ArrayList<>(); // {version, key, added}
    private long latest;
    private long floor;

    void add(long key) {
      registered.add(key);
      changes.add(new long[] {++latest, key, 1});
    }

    void remove(long key) {
      registered.remove(key);
      changes.add(new long[] {++latest, key, 0});
    }

    @Override
    public Keys registeredKeys() {
      return new Keys(latest, registered.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public long latestVersion() {
      return latest;
    }

    @Override
    public long floor() {
      return floor;
    }

    @Override
    public Changes changesSince(long since, int max) {
      Map<Long, Boolean> net = new LinkedHashMap<>();
      for (long[] change : changes) {
        if (change[0] > since) {
          net.put(change[1], change[2] == 1);
        }
      }
      if (net.size() > max) {
        return new Changes(latest, new long[0], new long[0], true);
      }
      return new Changes(
          latest,
          net.entrySet().stream()
              .filter(Map.Entry::getValue)
              .mapToLong(Map.Entry::getKey)
              .toArray(),
          net.entrySet().stream().filter(e -> !e.getValue()).mapToLong(Map.Entry::getKey).toArray(),
          false);
    }

    @Override
    public void prune(long version) {
      changes.removeIf(c -> c[0] <= version);
      floor = Math.max(floor, version);
    }
  }
}
