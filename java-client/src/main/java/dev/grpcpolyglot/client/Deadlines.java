package dev.grpcpolyglot.client;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The per-call deadline every client class applies; no call is ever made without one. */
public final class Deadlines {
  /** Used when a client is built without an explicit deadline. */
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Deadlines() {}

  static long millis(Duration deadline) {
    if (deadline.isZero() || deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    return deadline.toMillis();
  }

  static final TimeUnit UNIT = TimeUnit.MILLISECONDS;

  /**
   * Waits for the outcome of a streaming call made with {@code deadlineMillis}; the call's own
   * deadline bounds it, the extra 5 s is a backstop. A failed call rethrows its status.
   */
  static <T> T await(CompletableFuture<T> future, long deadlineMillis)
      throws InterruptedException {
    try {
      return future.get(deadlineMillis + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // Keep the trailers: they carry the server's error details (docs/errors.md).
      throw Status.fromThrowable(e.getCause())
          .asRuntimeException(Status.trailersFromThrowable(e.getCause()));
    } catch (TimeoutException e) {
      throw Status.DEADLINE_EXCEEDED.withDescription("no answer from the server").asRuntimeException();
    }
  }
}
