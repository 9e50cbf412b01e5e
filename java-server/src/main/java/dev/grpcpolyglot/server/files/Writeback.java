package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Starts writing a temp file's data to disk while the file is still being written, so that the
 * fsync before the commit's rename finds only the last few MiB left instead of the whole file
 * (for 1 GiB, ~0.5 s of waiting at the end of every upload). Each step is an fdatasync of what
 * was written so far, on a background thread, at most one in flight per file: the writer never
 * waits for the disk. Durability does not depend on it: the commit still fsyncs the whole file.
 *
 * <p>A failed step must fail the upload: Linux reports a writeback error to one fsync only, so
 * an error swallowed here could let the commit's fsync succeed on lost data. Not thread-safe
 * (one writer), except for the background step itself.
 */
final class Writeback {
  /**
   * Written bytes that start the next step: large enough that the per-fsync cost (a journal
   * commit) stays small, small enough that little is left for the commit.
   */
  static final long STEP_BYTES = 16L * 1024 * 1024;

  /** What one step does; production: fdatasync the channel. */
  @FunctionalInterface
  interface Flush {
    void run() throws IOException;
  }

  private final Flush flush;
  private final Executor executor;
  private long unflushed;
  private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

  Writeback(Flush flush, Executor executor) {
    this.flush = flush;
    this.executor = executor;
  }

  /** The default: fdatasync ({@code force(false)}) of {@code channel} on {@code executor}. */
  static Writeback of(FileChannel channel, Executor executor) {
    return new Writeback(() -> channel.force(false), executor);
  }

  /**
   * Records {@code bytes} more written; starts a step past {@link #STEP_BYTES} unless one is
   * running. Throws the failure of a finished step.
   */
  void written(long bytes) throws IOException {
    unflushed += bytes;
    if (unflushed < STEP_BYTES || !inFlight.isDone()) {
      return;
    }
    await();
    unflushed = 0;
    try {
      inFlight = CompletableFuture.runAsync(() -> {
        try {
          flush.run();
        } catch (IOException e) {
          throw new CompletionException(e);
        }
      }, executor);
    } catch (RejectedExecutionException e) {
      // The store is closing: no early start; the commit's fsync still does all of it.
    }
  }

  /** Waits for the running step, if any; throws its failure. */
  void await() throws IOException {
    try {
      inFlight.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }
}
