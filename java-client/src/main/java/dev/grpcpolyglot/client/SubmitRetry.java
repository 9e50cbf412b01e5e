package dev.grpcpolyglot.client;

import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How a Contact submit that failed UNAVAILABLE (the server or its database went away, shutdown)
 * is tried again: always with the same {@code idempotency-key}, so a submit whose answer was lost
 * after the server stored it is not queued twice (the server answers a repeated key with the
 * original task ids, docs/contact.md). Every attempt runs under the one deadline of the call.
 *
 * @param attempts how many times a submit is sent at most (1: never retried)
 * @param initialBackoff the wait before the first retry; it doubles up to {@code maxBackoff}
 * @param maxBackoff the longest wait between two attempts
 */
public record SubmitRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {
  /** The request metadata the server reads the key from. */
  public static final Metadata.Key<String> IDEMPOTENCY_KEY =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);

  /** The policy of a new {@link ContactClient}: 4 attempts, 100 ms doubling up to 2 s. */
  public static final SubmitRetry DEFAULT =
      new SubmitRetry(4, Duration.ofMillis(100), Duration.ofSeconds(2));

  /** Never retries (the key is still sent). */
  public static final SubmitRetry NONE = new SubmitRetry(1, Duration.ZERO, Duration.ZERO);

  public SubmitRetry {
    if (attempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("submit retry needs attempts >= 1 and 0 <= initial backoff"
          + " <= max backoff, got " + attempts + ", " + initialBackoff + ", " + maxBackoff);
    }
  }

  /** A fresh key for one logical submit (a random UUID). */
  public static String newKey() {
    return UUID.randomUUID().toString();
  }

  /** One attempt of a submit, under the call's deadline. */
  @FunctionalInterface
  interface Attempt<T> {
    T run(Deadline deadline) throws InterruptedException;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails with anything but UNAVAILABLE, the attempts are
   * spent, or the next backoff would pass {@code deadline}; then returns or rethrows.
   */
  <T> T call(Deadline deadline, Attempt<T> attempt) throws InterruptedException {
    long backoffMillis = initialBackoff.toMillis();
    for (int tries = 1; ; tries++) {
      try {
        return attempt.run(deadline);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || tries >= attempts
            || deadline.timeRemaining(TimeUnit.MILLISECONDS) < backoffMillis) {
          throw e;
        }
      }
      // A client's pause between attempts (exponential backoff), not a wait for an event.
      Thread.sleep(backoffMillis);
      backoffMillis = Math.min(2 * backoffMillis, maxBackoff.toMillis());
    }
  }

  /** As {@link #call} for an attempt that cannot be interrupted (a blocking unary call). */
  <T> T callUninterruptibly(Deadline deadline, Attempt<T> attempt) {
    try {
      return call(deadline, attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted between submit attempts")
          .withCause(e).asRuntimeException();
    }
  }
}
