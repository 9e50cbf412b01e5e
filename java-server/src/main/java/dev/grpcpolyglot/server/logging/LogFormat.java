package dev.grpcpolyglot.server.logging;

/** The server's one-line java.util.logging format, set by the server's main unless overridden. */
public final class LogFormat {
  /** For {@code java.util.logging.SimpleFormatter.format}: date time.millis LEVEL logger: message. */
  public static final String SIMPLE_FORMAT = "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";
  public static final String PROPERTY = "java.util.logging.SimpleFormatter.format";

  private LogFormat() {}
}
