package dev.grpcpolyglot.server.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one logger writes while it is open, from a handler on the root logger (so the
 * records are those the server's own console handler would print); closing removes the handler.
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final String loggerName;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(String loggerName) {
    this.loggerName = loggerName;
  }

  /** Starts recording the records of the logger named {@code loggerName}. */
  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture(loggerName);
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The records' messages, unformatted. */
  public List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Override
  public void publish(LogRecord record) {
    if (loggerName.equals(record.getLoggerName())) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
