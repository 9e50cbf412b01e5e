package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.function.BooleanSupplier;

/**
 * Checkpoints of a long computation: each asks whether the caller went away (cancelled, or its
 * deadline passed) and stops the work by throwing. The signal is a plain {@link BooleanSupplier}
 * so the model stays free of gRPC; the service passes the call's {@code Context::isCancelled}.
 */
public final class Cancellation {
  /** Never cancelled: for callers without a deadline (tests, tools). */
  public static final Cancellation NEVER = new Cancellation(() -> false);

  private final BooleanSupplier cancelled;

  public Cancellation(BooleanSupplier cancelled) {
    this.cancelled = cancelled;
  }

  /** Throws CANCELLED if the caller went away; {@code stage} says where the work stopped. */
  public void check(String stage) {
    if (cancelled.getAsBoolean()) {
      throw new ProblemException(Problem.CANCELLED, "GCN computation cancelled during " + stage);
    }
  }
}
