package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ErrorDetails;
import io.grpc.Status;
import java.io.PrintStream;
import java.util.function.Supplier;

/** Runs one demo call: prints "label -> reply" or reports the failed status. */
final class DemoCalls {
  private final PrintStream out;
  private final PrintStream err;
  private int failures;

  DemoCalls(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  void call(String label, Supplier<?> rpc) {
    try {
      out.println(label + " -> " + rpc.get());
    } catch (RuntimeException e) {
      Status status = Status.fromThrowable(e);
      failures++;
      err.println(label + " FAILED: " + status.getCode()
          + (status.getDescription() == null ? "" : ": " + status.getDescription()));
      ErrorDetails.linesOf(e).forEach(err::println);
    }
  }

  int failures() {
    return failures;
  }
}
