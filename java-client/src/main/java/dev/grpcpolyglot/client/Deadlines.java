package dev.grpcpolyglot.client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
}
