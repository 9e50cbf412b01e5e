package dev.grpcpolyglot.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Re-reads files that may be replaced while the server runs (certificates, keys, token files).
 * Polls a digest of their content on one daemon thread; when any watched file
 * changed, runs the reload action. A reload that fails (a half-written file, a key that does not
 * match its certificate) is logged and retried on the next change, and the previous credentials
 * stay in force, so a bad rotation never takes the server down.
 *
 * <p>Why not grpc-util's own {@code updateIdentityCredentialsFromFile(..., period, ...)}: it
 * enforces a one-minute minimum period and swaps a key and certificate that do not belong
 * together; we poll at any interval and validate the pair before swapping.
 */
public final class FileWatcher implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(FileWatcher.class.getName());

  /** Loads one set of files; throws when they are unreadable or inconsistent. */
  @FunctionalInterface
  public interface Reload {
    void run() throws Exception;
  }

  private final ScheduledExecutorService executor;
  private final Duration interval;

  public FileWatcher(Duration interval) {
    this.interval = interval;
    // One daemon thread: reloads are rare and tiny, and must never keep the JVM alive.
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "credential-reloader");
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Watches {@code files}; when any of them changes, runs {@code reload}. The caller has already
   * loaded them once (so startup fails loudly on bad files); this only handles later changes.
   */
  public void watch(String what, List<Path> files, Reload reload) {
    List<Object> seen = new ArrayList<>(fingerprints(files));
    long millis = interval.toMillis();
    var unused = executor.scheduleWithFixedDelay(() -> {
      List<Object> now = fingerprints(files);
      if (now.equals(seen)) {
        return;
      }
      try {
        reload.run();
        seen.clear();
        seen.addAll(now);
        logger.info("reloaded " + what + " from " + files);
      } catch (Exception | Error e) {
        // Keep serving with the previous credentials; try again when the files change again.
        seen.clear();
        seen.addAll(now);
        logger.log(Level.WARNING, "could not reload " + what + " from " + files
            + "; keeping the previous ones: " + e.getMessage());
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  private static List<Object> fingerprints(List<Path> files) {
    List<Object> result = new ArrayList<>();
    for (Path file : files) {
      try {
        // A digest of the content, not the mtime: a rewrite within the same clock tick, or an
        // atomic rename (how Kubernetes rotates secrets) that keeps size and time, still counts.
        // These files are a few KiB, so reading them every interval costs nothing.
        result.add(HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
      } catch (IOException e) {
        result.add("unreadable");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
    return result;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
