package org.nubo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory of a process as the kernel counts them, read from /proc so that the figures cover
 * everything the server process does (JIT, GC, TLS, kernel time in its system calls), not only what
 * a JVM-internal counter sees.
 *
 * @param cpuSeconds user plus system time since the process started
 * @param rssKiB resident set size now (VmRSS)
 * @param peakRssKiB the highest resident set size so far (VmHWM)
 */
public record ProcessSample(double cpuSeconds, long rssKiB, long peakRssKiB) {
  /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** Reads {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
  public static ProcessSample of(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long utime = Long.parseLong(fields[11]);
      long stime = Long.parseLong(fields[12]);
      long rss = 0;
      long hwm = 0;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        } else if (line.startsWith("VmHWM:")) {
          hwm = kib(line);
        }
      }
      return new ProcessSample((utime + stime) / TICKS_PER_SECOND, rss, hwm);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc for process " + pid, e);
    }
  }

  /**
   * CPU seconds per kind of thread (the kernel's thread name with digits folded, e.g. {@code C2
   * CompilerThre#}, {@code GC Thread##}), to tell the JIT and GC apart from the work itself.
   */
  public static Map<String, Double> cpuByThreadName(long pid) {
    Map<String, Double> byName = new TreeMap<>();
    try (DirectoryStream<Path> tasks =
        Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended while we listed them
        }
        String name =
            stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "#");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double seconds =
            (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        byName.merge(name, seconds, Double::sum);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the threads of process " + pid, e);
    }
    return byName;
  }

  /** The CPU seconds each kind of thread spent between two {@link #cpuByThreadName} readings. */
  public static String describeDelta(Map<String, Double> before, Map<String, Double> after) {
    StringBuilder out = new StringBuilder();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() >= 0.02)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(8)
        .forEach(e -> out.append(String.format(" %s=%.2fs", e.getKey(), e.getValue())));
    return out.toString().trim();
  }

  /**
   * The whole machine's CPU time in clock ticks from {@code /proc/stat}: all of it, and the part
   * the hypervisor gave to other guests (steal). On a shared VM, steal explains runs that differ
   * for no reason of their own.
   */
  public record Host(long totalTicks, long stealTicks, long idleTicks) {
    public static Host now() {
      try {
        String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
        String[] f = cpu.trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
          total += Long.parseLong(f[i]);
        }
        // Fields: user nice system idle iowait irq softirq steal guest guest_nice.
        return new Host(total, f.length > 8 ? Long.parseLong(f[8]) : 0, Long.parseLong(f[4]));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read /proc/stat", e);
      }
    }

    /** "host: 12% idle, 3% steal" between {@code before} and this reading. */
    public String describeSince(Host before) {
      double total = Math.max(1, totalTicks - before.totalTicks);
      return String.format(
          "host: %.0f%% idle, %.0f%% steal (both cores, over the phase)",
          100 * (idleTicks - before.idleTicks) / total,
          100 * (stealTicks - before.stealTicks) / total);
    }
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }
}
