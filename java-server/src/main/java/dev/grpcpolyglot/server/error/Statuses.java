package dev.grpcpolyglot.server.error;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where failures become gRPC statuses. */
public final class Statuses {
  private static final Logger logger = Logger.getLogger(Statuses.class.getName());
  private static final RepeatFilter repeats =
      new RepeatFilter(TimeUnit.MINUTES.toNanos(1), System::nanoTime);

  private Statuses() {}

  /**
   * Maps any failure to a status for the caller. Domain problems keep their message; anything
   * unexpected is logged here with its stack trace and reaches the caller only as a bare
   * INTERNAL, so no internals leak over the wire. The same unexpected failure is logged at most
   * once a minute, then with the count of those not logged.
   */
  public static Status toStatus(Throwable failure) {
    if (failure instanceof ProblemException problem) {
      return Status.fromCode(codeOf(problem.problem())).withDescription(problem.getMessage());
    }
    if (failure instanceof StatusRuntimeException sre) {
      return sre.getStatus();
    }
    if (failure instanceof StatusException se) {
      return se.getStatus();
    }
    long held = repeats.admit(RepeatFilter.keyOf(failure));
    if (held >= 0) {
      logger.log(Level.WARNING, "unexpected failure while serving a call"
          + (held > 0 ? " (" + held + " more like it in the last minute were not logged)" : ""),
          failure);
    }
    return Status.INTERNAL.withDescription("internal error");
  }

  /**
   * {@link #toStatus} as an exception to hand to {@code StreamObserver.onError}. A domain
   * problem of the kinds in {@link ErrorDetails} also carries its {@code google.rpc.Status}
   * details in the trailers ({@code grpc-status-details-bin}).
   */
  public static StatusRuntimeException toException(Throwable failure) {
    if (failure instanceof ProblemException problem && ErrorDetails.applies(problem)) {
      return StatusProto.toStatusRuntimeException(
          ErrorDetails.of(problem, codeOf(problem.problem())));
    }
    return toStatus(failure).asRuntimeException();
  }

  static Status.Code codeOf(Problem problem) {
    return switch (problem) {
      case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.Code.NOT_FOUND;
      case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
      case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
      case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
      case CANCELLED -> Status.Code.CANCELLED;
    };
  }
}
