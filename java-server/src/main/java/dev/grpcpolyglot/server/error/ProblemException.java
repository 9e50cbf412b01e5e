package dev.grpcpolyglot.server.error;

/**
 * A domain failure with a message meant for the caller. The message must name the problem
 * (the path, the node id, the limit) and never carry internal details such as stack traces.
 */
public class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Problem problem;

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

  /** Shorthand for the most common kind. */
  public static ProblemException invalidArgument(String message) {
    return new ProblemException(Problem.INVALID_ARGUMENT, message);
  }
}
