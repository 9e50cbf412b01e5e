package dev.grpcpolyglot.server.error;

import java.time.Duration;
import java.util.Optional;

/**
 * A domain failure with a message meant for the caller. The message must name the problem
 * (the path, the node id, the limit) and never carry internal details such as stack traces.
 *
 * <p>For machines, a failure may also name the request field at fault ({@link #at}, a path such
 * as {@code edges[3].target_id}), a stable reason ({@link #because}, UPPER_SNAKE_CASE, part of
 * the API: docs/errors.md) and how long to wait before a retry may succeed ({@link
 * #retryAfter}). {@link Statuses} turns them into {@code google.rpc.Status} details; the domain
 * code stays free of gRPC types. The setters return {@code this}: they are meant for the
 * {@code throw} expression that creates the exception.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Problem problem;
  private String field;
  private String reason;
  private Duration retryAfter;

  public ProblemException(Problem problem, String message) {
    super(message);
    this.problem = problem;
  }

  public ProblemException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Names the request field at fault, as a path into the request message. */
  public ProblemException at(String fieldPath) {
    this.field = fieldPath;
    return this;
  }

  /** A stable, machine-readable reason (UPPER_SNAKE_CASE) for this kind of failure. */
  public ProblemException because(String stableReason) {
    this.reason = stableReason;
    return this;
  }

  /** The caller may retry after this long (e.g. a full queue drains). */
  public ProblemException retryAfter(Duration delay) {
    this.retryAfter = delay;
    return this;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  public Optional<Duration> retryDelay() {
    return Optional.ofNullable(retryAfter);
  }

  /** Shorthand for the most common kind. */
  public static ProblemException invalidArgument(String message) {
    return new ProblemException(Problem.INVALID_ARGUMENT, message);
  }
}
