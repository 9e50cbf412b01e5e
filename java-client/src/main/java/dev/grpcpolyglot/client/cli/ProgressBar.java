package dev.grpcpolyglot.client.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A one-line progress bar redrawn with '\r', shown only on a terminal (never in pipes, logs or
 * tests), and a summary of the rate when the transfer ends.
 */
final class ProgressBar implements LongConsumer {
  private static final long REDRAW_NANOS = 100_000_000L;
  private static final int WIDTH = 30;

  private final PrintStream err;
  private final long total;
  private final boolean visible;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private long bytes;

  /** @param total the expected byte count, or -1 if unknown */
  ProgressBar(PrintStream err, long total, boolean visible) {
    this.err = err;
    this.total = total;
    this.visible = visible;
  }

  /** Visible when a person is watching: a console is attached. */
  static ProgressBar forTerminal(PrintStream err, long total) {
    return new ProgressBar(err, total, onTerminal());
  }

  /**
   * Whether a person is watching. Before Java 22 a Console exists only on a terminal; from 22 on
   * it always exists and {@code isTerminal()} (22+, so called reflectively here) tells.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is the Java 17-21 answer; see above
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void accept(long transferred) {
    bytes = transferred;
    long now = System.nanoTime();
    if (visible && now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      err.print("\r" + line(now));
      err.flush();
    }
  }

  /** Ends the bar's line and prints the summary the benchmark script reads. */
  void finish() {
    long now = System.nanoTime();
    if (visible) {
      err.println("\r" + line(now));
    }
    double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
    err.println(String.format(Locale.ROOT, "transferred %d bytes in %.3f s (%.1f MB/s)",
        bytes, seconds, bytes / seconds / 1e6));
  }

  private String line(long now) {
    double seconds = Math.max((now - startNanos) / 1e9, 1e-9);
    String rate = String.format(Locale.ROOT, "%.1f MB/s", bytes / seconds / 1e6);
    if (total <= 0) {
      return String.format(Locale.ROOT, "%s  %s", mebibytes(bytes), rate);
    }
    int filled = (int) Math.min(WIDTH, WIDTH * bytes / total);
    return String.format(Locale.ROOT, "[%s%s] %3d%%  %s of %s  %s", "#".repeat(filled),
        " ".repeat(WIDTH - filled), 100 * bytes / total, mebibytes(bytes), mebibytes(total), rate);
  }

  private static String mebibytes(long count) {
    return String.format(Locale.ROOT, "%.1f MiB", count / (1024.0 * 1024.0));
  }
}
