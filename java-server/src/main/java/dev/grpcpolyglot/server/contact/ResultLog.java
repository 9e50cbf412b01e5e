package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.contact.queue.Ack;
import java.util.logging.Logger;

/**
 * Logs one line per reported result with at most a short prefix of its text, and at most
 * {@link #LINES_PER_SECOND} lines a second: at tens of thousands of results a second a line each
 * would make logging the bottleneck and fill disks, so the rest are counted and summarized.
 */
final class ResultLog {
  private static final Logger logger = Logger.getLogger(ContactService.class.getName());
  static final int LINES_PER_SECOND = 20;
  static final int PREFIX_CHARS = 60;

  private long windowStartNanos = System.nanoTime();
  private int linesInWindow;
  private long suppressed;

  /** Records one result; logs it unless this second's budget is spent. Thread-safe. */
  void result(String taskId, String result, Ack ack) {
    String line;
    long summary;
    synchronized (this) {
      long now = System.nanoTime();
      summary = 0;
      if (now - windowStartNanos >= 1_000_000_000L) {
        summary = suppressed;
        suppressed = 0;
        linesInWindow = 0;
        windowStartNanos = now;
      }
      if (linesInWindow >= LINES_PER_SECOND) {
        suppressed++;
        line = null;
      } else {
        linesInWindow++;
        line = describe(taskId, result, ack);
      }
    }
    if (summary > 0) {
      logger.info(summary + " more result(s) not logged in the previous second");
    }
    if (line != null) {
      logger.info(line);
    }
  }

  static String describe(String taskId, String result, Ack ack) {
    String what = switch (ack) {
      case FIRST -> "result for task " + taskId;
      case REPEAT -> "repeated result for task " + taskId + " (ignored, first kept)";
      case UNKNOWN_ID -> taskId.isEmpty()
          ? "result without task id (kept, acknowledges nothing)"
          : "result for unknown task id '" + prefix(taskId) + "' (kept, acknowledges nothing)";
    };
    return what + ", " + result.length() + " chars: " + prefix(result);
  }

  private static String prefix(String text) {
    // Cut first: a result may be megabytes and only the prefix is ever shown.
    String head = text.length() <= PREFIX_CHARS ? text : text.substring(0, PREFIX_CHARS) + "...";
    return head.replaceAll("[\\r\\n\\t]", " ");
  }
}
