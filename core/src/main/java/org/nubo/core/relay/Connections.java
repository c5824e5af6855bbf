package org.nubo.core.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.nubo.core.accounts.MessagingListener;
import org.nubo.protocol.AccountToken;

/**
 * Which devices are connected to this node, by account. A device that connects again replaces its
 * own older connection. Held in memory only; in a cluster, a shared registry says which node holds
 * which account.
 */
public final class Connections implements MessagingListener {
  private final Map<AccountToken, List<DeviceConnection>> byAccount = new ConcurrentHashMap<>();
  private final RelayMetrics metrics;
  private final AtomicLong turnOffs = new AtomicLong();

  public Connections(RelayMetrics metrics) {
    this.metrics = metrics;
  }

  /** Registers a connection, closing an older one of the same device. */
  public void add(DeviceConnection connection) {
    AccountToken account = connection.principal().account();
    DeviceConnection[] replaced = {null};
    byAccount.compute(
        account,
        (k, list) -> {
          List<DeviceConnection> next = list == null ? new CopyOnWriteArrayList<>() : list;
          String deviceId = connection.principal().deviceId();
          next.removeIf(
              existing -> {
                boolean same = existing.principal().deviceId().equals(deviceId);
                if (same) {
                  replaced[0] = existing;
                }
                return same;
              });
          next.add(connection);
          return next;
        });
    metrics.connected(1);
    DeviceConnection old = replaced[0];
    if (old != null) {
      metrics.connected(-1);
      old.close("replaced by a newer connection of this device");
    }
  }

  /** Forgets a connection; harmless if it was already replaced or removed. */
  public void remove(DeviceConnection connection) {
    boolean[] removed = {false};
    byAccount.computeIfPresent(
        connection.principal().account(),
        (k, list) -> {
          removed[0] = list.remove(connection);
          return list.isEmpty() ? null : list;
        });
    if (removed[0]) {
      metrics.connected(-1);
    }
  }

  /** The account's connections on this node, possibly none. */
  public List<DeviceConnection> of(AccountToken account) {
    List<DeviceConnection> list = byAccount.get(account);
    return list == null ? List.of() : List.copyOf(list);
  }

  /** Connected devices on this node. */
  public int count() {
    return byAccount.values().stream().mapToInt(List::size).sum();
  }

  /**
   * How many times messaging was turned off on this node so far. A transport reads it before it
   * authenticates a device and again after {@link #add}: if it moved in between, the turn-off may
   * have missed the new connection, and the device's enrolment must be read again.
   */
  public long turnOffs() {
    return turnOffs.get();
  }

  /** Messaging turned off: every connection of the account closes now. */
  @Override
  public void messagingDisabled(AccountToken account) {
    // Counted before the removal: a connection added after the removal sees the new count.
    turnOffs.incrementAndGet();
    List<DeviceConnection> list = byAccount.remove(account);
    if (list != null) {
      for (DeviceConnection connection : list) {
        metrics.connected(-1);
        connection.close("messaging was turned off for this account");
      }
    }
  }
}
