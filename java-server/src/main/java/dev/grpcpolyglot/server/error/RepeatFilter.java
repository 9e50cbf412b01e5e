package dev.grpcpolyglot.server.error;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets the same failure through at most once per interval and counts the ones it holds back, so
 * a caller who can trigger an unexpected error cannot fill the disk with stack traces.
 */
public final class RepeatFilter {
  /** Distinct failures remembered; past that the table starts over (a flood of novelties). */
  private static final int MAX_KEYS = 1024;

  private record Window(long startNanos, AtomicLong held) {}

  private final long intervalNanos;
  private final LongSupplier clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

  public RepeatFilter(long intervalNanos, LongSupplier clock) {
    this.intervalNanos = intervalNanos;
    this.clock = clock;
  }

  /**
   * -1 when this occurrence of {@code key} is to be held back; otherwise how many were held back
   * since it was last let through (0 the first time).
   */
  public long admit(String key) {
    long now = clock.getAsLong();
    if (windows.size() > MAX_KEYS) {
      windows.clear();
    }
    Window current = windows.get(key);
    if (current != null && now - current.startNanos() < intervalNanos) {
      current.held().incrementAndGet();
      return -1;
    }
    Window next = new Window(now, new AtomicLong());
    boolean won = current == null
        ? windows.putIfAbsent(key, next) == null
        : windows.replace(key, current, next);
    if (!won) {
      Window other = windows.get(key);
      if (other != null) {
        other.held().incrementAndGet();
      }
      return -1;
    }
    return current == null ? 0 : current.held().get();
  }

  /** The identity of a failure: its type and where it was thrown. */
  public static String keyOf(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    return failure.getClass().getName() + "@" + (trace.length > 0 ? trace[0] : "?");
  }
}
