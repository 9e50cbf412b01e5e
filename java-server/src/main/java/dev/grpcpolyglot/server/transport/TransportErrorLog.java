package dev.grpcpolyglot.server.transport;

import dev.grpcpolyglot.server.error.RepeatFilter;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns the errors grpc-java's Netty transport logs with a stack trace (a header block over the
 * limit, DATA past the flow-control window, a failed handshake: "Stream Error", "Transport
 * failed", "Exception in onDataRead()") into one line each, through the same {@link RepeatFilter}
 * as the server's other unexpected errors: at most one line per kind of error a minute, then
 * with the count of those held back. Any client can cause them, so a 33-line trace per
 * connection would let anyone fill the log; the trace says nothing about our code anyway.
 *
 * <p>grpc-java logs them through java.util.logging loggers named after its classes; a JUL
 * filter only applies to the logger it is set on, so it goes on each of those loggers, which
 * are held here (JUL keeps loggers only weakly, and a collected one would lose its filter).
 */
public final class TransportErrorLog implements Filter {
  /** Named like the access log's logger: a topic, not a class. */
  private static final Logger logger = Logger.getLogger("dev.grpcpolyglot.server.transport");
  /** grpc-java's classes that log transport errors, found by their package (shaded or not). */
  private static final List<String> SOURCES = List.of("NettyServerHandler",
      "NettyServerTransport", "NettyServer");
  /** The longest error text written; an error may quote what the client sent. */
  static final int MAX_MESSAGE = 200;
  private static final List<Logger> FILTERED = SOURCES.stream()
      .map(name -> Logger.getLogger(NettyServerBuilder.class.getPackageName() + "." + name))
      .toList();
  private static final TransportErrorLog INSTANCE =
      new TransportErrorLog(new RepeatFilter(TimeUnit.MINUTES.toNanos(1), System::nanoTime));

  private final RepeatFilter repeats;

  TransportErrorLog(RepeatFilter repeats) {
    this.repeats = repeats;
  }

  /** Puts the filter on grpc-java's transport loggers; idempotent. */
  public static void install() {
    for (Logger source : FILTERED) {
      source.setFilter(INSTANCE);
    }
  }

  /** Records without a throwable pass; the others become one line here (or none, if held). */
  @Override
  public boolean isLoggable(LogRecord record) {
    Throwable thrown = record.getThrown();
    if (thrown == null) {
      return true;
    }
    long held = repeats.admit(record.getLoggerName() + " " + RepeatFilter.keyOf(thrown));
    if (held >= 0) {
      logger.log(record.getLevel(), "transport error (" + record.getMessage() + "): "
          + printable(describe(thrown))
          + (held > 0 ? " (" + held + " more like it in the last minute were not logged)" : ""));
    }
    return false;
  }

  /** The innermost message of {@code thrown}, or its simple class name when it has none. */
  private static String describe(Throwable thrown) {
    Throwable cause = thrown;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }

  /** {@code text} on one line: control characters as {@code \xNN}, cut at MAX_MESSAGE. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_MESSAGE) + 16);
    for (int i = 0; i < text.length() && out.length() < MAX_MESSAGE; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= MAX_MESSAGE && text.length() > MAX_MESSAGE) {
      out.append("...");
    }
    return out.toString();
  }
}
