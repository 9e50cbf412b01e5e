package dev.grpcpolyglot.server.error;

import java.util.concurrent.CompletionException;

/** What failed, under the wrappers that chaining futures adds. */
public final class Failures {
  private Failures() {}

  /** The failure a store's future carries (a CompletionException wraps it when chained). */
  public static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
