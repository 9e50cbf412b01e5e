package dev.grpcpolyglot.client.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time spent by this process (the clients) and, on Linux, by the server process, from
 * creation to {@link #perItem}. On a shared machine throughput swings with the load, while CPU
 * time per item does not; it tells what a quiet machine would do.
 */
final class CpuMeter {
  /** Clock ticks per second of /proc/PID/stat; 100 on every Linux this runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final long serverPid;
  private final long clientStartNanos = clientCpuNanos();
  private final long serverStartTicks;

  CpuMeter(long serverPid) {
    this.serverPid = serverPid;
    this.serverStartTicks = serverTicks();
  }

  /** e.g. ", CPU per task: client 12.3 us + server 8.1 us". */
  String perItem(long items, String item) {
    double client = (clientCpuNanos() - clientStartNanos) / 1e3 / items;
    String text = String.format(Locale.ROOT, ", CPU per %s: client %.1f us", item, client);
    long server = serverTicks();
    if (server >= 0 && serverStartTicks >= 0) {
      text += String.format(Locale.ROOT, " + server %.1f us",
          (server - serverStartTicks) / TICKS_PER_SECOND * 1e6 / items);
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

  /** utime + stime of the server, or -1 when unknown. */
  private long serverTicks() {
    if (serverPid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
      // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
