package dev.grpcpolyglot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time spent by this process (the clients) and, on Linux, by the server process since
 * {@link #start}. On a shared machine throughput swings with the load, while CPU time per item
 * does not; it tells what a quiet machine would do. Every benchmark measures CPU with this class.
 */
final class CpuMeter {
  /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long[] serverPids;
  private final long clientStartNanos = clientCpuNanos();
  private final long serverStartTicks;

  private CpuMeter(long[] serverPids) {
    this.serverPids = serverPids;
    this.serverStartTicks = serverTicks();
  }

  /**
   * Starts measuring this JVM and, when the pids are > 0, those server processes too (their
   * sum: several replicas count as one server).
   */
  static CpuMeter start(long... serverPids) {
    return new CpuMeter(serverPids.clone());
  }

  /** CPU seconds of this JVM (all threads) since the start. */
  double clientSeconds() {
    return (clientCpuNanos() - clientStartNanos) / 1e9;
  }

  /** CPU seconds of the server since the start, or NaN when unknown (no pid, not Linux). */
  double serverSeconds() {
    long now = serverTicks();
    return now < 0 || serverStartTicks < 0 ? Double.NaN
        : (now - serverStartTicks) / TICKS_PER_SECOND;
  }

  /** e.g. ", CPU per task: client 12.3 us + server 8.1 us". */
  String perItem(long items, String item) {
    String text = String.format(Locale.ROOT, ", CPU per %s: client %.1f us", item,
        clientSeconds() * 1e6 / items);
    double server = serverSeconds();
    if (!Double.isNaN(server)) {
      text += String.format(Locale.ROOT, " + server %.1f us", server * 1e6 / items);
    }
    return text;
  }

  private static long clientCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  /** utime + stime of the servers, or -1 when unknown (no pid, or one unreadable). */
  private long serverTicks() {
    long sum = 0;
    for (long pid : serverPids) {
      long ticks = processTicks(pid);
      if (ticks < 0) {
        return -1;
      }
      sum += ticks;
    }
    return serverPids.length == 0 ? -1 : sum;
  }

  private static long processTicks(long serverPid) {
    if (serverPid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
      // The command name (field 2) may contain spaces; the fields after it start after ')'.
      // utime and stime are fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
