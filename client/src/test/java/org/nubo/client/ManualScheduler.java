package org.nubo.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic scheduler with its own clock: nothing runs until the test says so, and time moves
 * only when the test advances it. Tasks due at the same instant run in submission order.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final PriorityQueue<Task> queue =
      new PriorityQueue<>(
          Comparator.comparingLong((Task t) -> t.atMillis).thenComparingLong(t -> t.seq));
  private long seq;
  private long nowMillis;
  private boolean shutdown;

  ManualScheduler(Instant start) {
    this.nowMillis = start.toEpochMilli();
  }

  /** A clock that reads this scheduler's time. */
  Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(nowMillis());
      }
    };
  }

  synchronized long nowMillis() {
    return nowMillis;
  }

  /** Tasks still waiting to run, cancelled ones left out. */
  synchronized long waitingTasks() {
    return queue.stream().filter(task -> !task.cancelled).count();
  }

  /** Runs every task that is due now, including tasks they schedule for now. */
  void runDue() {
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.atMillis > nowMillis) {
          return;
        }
        queue.poll();
      }
      if (!next.cancelled) {
        next.done = true;
        next.runnable.run();
      }
    }
  }

  /** Moves time forward, running each task at its due time. */
  void advance(Duration duration) {
    long target = nowMillis() + duration.toMillis();
    runDue();
    while (true) {
      synchronized (this) {
        Task next = queue.peek();
        if (next == null || next.atMillis > target) {
          nowMillis = target;
          break;
        }
        nowMillis = Math.max(nowMillis, next.atMillis);
      }
      runDue();
    }
    runDue();
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    Task task = new Task(command, nowMillis + unit.toMillis(Math.max(0, delay)), seq++);
    queue.add(task);
    return task;
  }

  @Override
  public void execute(Runnable command) {
    ScheduledFuture<?> unused = schedule(command, 0, TimeUnit.MILLISECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> left = new ArrayList<>();
    for (Task task : queue) {
      left.add(task.runnable);
    }
    queue.clear();
    return left;
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task implements ScheduledFuture<Object> {
    final Runnable runnable;
    final long atMillis;
    final long seq;
    volatile boolean cancelled;
    volatile boolean done;

    Task(Runnable runnable, long atMillis, long seq) {
      this.runnable = runnable;
      this.atMillis = atMillis;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atMillis - nowMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (done) {
        return false;
      }
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return done || cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }
}
