package dev.grpcpolyglot.server.error;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code google.rpc.Status} a domain problem travels as (in the
 * {@code grpc-status-details-bin} trailer), so Go, Python and Java callers read the same
 * machine-readable details: ErrorInfo (stable reason, domain {@value #DOMAIN}), BadRequest when
 * a request field is at fault, RetryInfo when waiting helps. The contract is docs/errors.md.
 */
final class ErrorDetails {
  /** ErrorInfo.domain of every error this server reports. */
  static final String DOMAIN = "grpc-polyglot.dev";

  /** The kinds that always carry details; others only when the problem names a reason. */
  private static final Set<Problem> DETAILED = EnumSet.of(Problem.INVALID_ARGUMENT,
      Problem.FAILED_PRECONDITION, Problem.RESOURCE_EXHAUSTED, Problem.NOT_FOUND);

  private ErrorDetails() {}

  static boolean applies(ProblemException problem) {
    return DETAILED.contains(problem.problem()) || problem.reason().isPresent();
  }

  /** The rich status of {@code problem}; its code and message are the plain status's. */
  static com.google.rpc.Status of(ProblemException problem, io.grpc.Status.Code code) {
    com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
        .setCode(code.value())
        .setMessage(problem.getMessage());
    status.addDetails(Any.pack(ErrorInfo.newBuilder()
        .setReason(problem.reason().orElse(problem.problem().name()))
        .setDomain(DOMAIN)
        .build()));
    problem.field().ifPresent(field -> status.addDetails(Any.pack(BadRequest.newBuilder()
        .addFieldViolations(BadRequest.FieldViolation.newBuilder()
            .setField(field)
            .setDescription(problem.getMessage()))
        .build())));
    problem.retryDelay().ifPresent(delay -> status.addDetails(Any.pack(RetryInfo.newBuilder()
        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
            .setSeconds(delay.getSeconds())
            .setNanos(delay.getNano()))
        .build())));
    return status.build();
  }
}
