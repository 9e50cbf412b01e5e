package dev.grpcpolyglot.server.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Where the access log's writer puts a batch of lines. With the server's stock logging (one
 * console handler on the root logger, {@link LogFormat#SIMPLE_FORMAT}), the batch is formatted by
 * hand into exactly the line java.util.logging would write and goes to stderr in one write:
 * java.util.logging would walk the stack, run {@code String.format} and flush once per line,
 * which cost more CPU than the call being logged. With any other logging setup (a user's
 * configuration, a test's handler) each line is handed to java.util.logging as a record.
 */
final class AccessLogSinks {
  private static final Logger accessLogger = Logger.getLogger(AccessLog.LOGGER_NAME);
  private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.");

  /** Level names as SimpleFormatter prints them, looked up once rather than per line. */
  private static final String INFO_NAME = Level.INFO.getLocalizedName();
  private static final String WARNING_NAME = Level.WARNING.getLocalizedName();

  private final StringBuilder text = new StringBuilder(16 * 1024);
  private long cachedSecond = Long.MIN_VALUE;
  private String cachedSecondText = "";

  /** Writes {@code batch}; called by the writer thread only. */
  void write(List<AccessLine> batch) {
    if (stockLogging()) {
      writeToStderr(batch, System.err);
    } else {
      for (AccessLine line : batch) {
        accessLogger.log(record(line));
      }
    }
  }

  /** Formats as {@link LogFormat#SIMPLE_FORMAT} would and writes the batch with one flush. */
  void writeToStderr(List<AccessLine> batch, PrintStream stream) {
    text.setLength(0);
    String separator = System.lineSeparator();
    for (AccessLine line : batch) {
      appendTimestamp(line.epochMillis());
      text.append(' ').append(line.ok() ? INFO_NAME : WARNING_NAME).append(' ')
          .append(AccessLog.LOGGER_NAME).append(": ");
      line.appendMessage(text);
      text.append(separator);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    stream.write(bytes, 0, bytes.length);
    stream.flush();
  }

  private void appendTimestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      cachedSecondText = SECOND.format(
          LocalDateTime.ofInstant(Instant.ofEpochSecond(second), ZoneId.systemDefault()));
    }
    int millis = Math.floorMod(epochMillis, 1000);
    text.append(cachedSecondText)
        .append((char) ('0' + millis / 100))
        .append((char) ('0' + millis / 10 % 10))
        .append((char) ('0' + millis % 10));
  }

  static Level level(AccessLine line) {
    return line.ok() ? Level.INFO : Level.WARNING;
  }

  /** A record with its source set, so java.util.logging does not walk the stack to find it. */
  static LogRecord record(AccessLine line) {
    LogRecord record = new LogRecord(level(line), line.message());
    record.setLoggerName(AccessLog.LOGGER_NAME);
    record.setSourceClassName(AccessLog.class.getName());
    record.setSourceMethodName("streamClosed");
    record.setInstant(Instant.ofEpochMilli(line.epochMillis()));
    return record;
  }

  /**
   * True when the access logger's lines would reach only the JDK's console handler with the
   * server's format: then writing them directly is indistinguishable from logging them.
   */
  static boolean stockLogging() {
    if (!LogFormat.SIMPLE_FORMAT.equals(System.getProperty(LogFormat.PROPERTY))
        || !accessLogger.isLoggable(Level.INFO)
        || accessLogger.getFilter() != null) {
      return false;
    }
    Logger logger = accessLogger;
    while (logger.getParent() != null) {
      if (logger.getHandlers().length != 0 || !logger.getUseParentHandlers()) {
        return false;
      }
      logger = logger.getParent();
    }
    Handler[] root = logger.getHandlers();
    return root.length == 1
        && root[0].getClass() == ConsoleHandler.class
        && root[0].getFormatter().getClass() == SimpleFormatter.class
        && root[0].getFilter() == null
        && root[0].getLevel().intValue() <= Level.INFO.intValue();
  }
}
