package dev.grpcpolyglot.server.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One thread that writes the access log from a bounded queue, so a call never formats, locks
 * a handler or waits on stderr. When the queue is full (stderr slower than the calls), the line
 * is dropped and counted, never the call: {@link #droppedLines()} feeds the
 * {@code polyglot.access_log.dropped_lines} metric, and the first drop logs one warning.
 */
final class AccessLogWriter implements AutoCloseable {
  static final int DEFAULT_CAPACITY = 16_384;
  private static final int BATCH = 512;
  /**
   * How long the writer gathers lines after the first before it writes. Why: one call a time
   * (c=1) would otherwise cost a thread wake-up and a write(2) per line, more than the call's own
   * socket writes; gathered, the cost is per batch, and a line shows at most this much later.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final Logger logger = Logger.getLogger(AccessLog.class.getName());
  /** Tells the writer to stop once everything queued before it is written. */
  private static final AccessLine END = new AccessLine(0, "", "", "", io.grpc.Status.Code.OK,
      0, 0, 0, "");

  private final BlockingQueue<AccessLine> queue;
  private final Consumer<List<AccessLine>> sink;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private boolean warned;

  AccessLogWriter(int capacity, Consumer<List<AccessLine>> sink) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    // A platform daemon thread: it must not keep the JVM alive, and it blocks on stderr.
    this.thread = new Thread(this::run, "polyglot-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues {@code line}, or counts it as dropped when the queue is full; never blocks. */
  void submit(AccessLine line) {
    if (!queue.offer(line)) {
      dropped.incrementAndGet();
    }
  }

  long droppedLines() {
    return dropped.get();
  }

  private void run() {
    List<AccessLine> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        if (queue.size() < BATCH - 1) {
          // A timed pause, not a wait for an event: callers that queue meanwhile find no
          // waiting writer to signal, so the whole batch costs one wake-up.
          LockSupport.parkNanos(GATHER_NANOS);
        }
        queue.drainTo(batch, BATCH - 1);
        int end = batch.indexOf(END);
        if (end >= 0) {
          batch.subList(end, batch.size()).clear();
          writeBatch(batch);
          return;
        }
        writeBatch(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeBatch(List<AccessLine> batch) {
    if (!batch.isEmpty()) {
      try {
        sink.accept(batch);
      } catch (RuntimeException e) {
        // A broken handler must not stop the log for good; the lines of this batch are lost.
        dropped.addAndGet(batch.size());
      }
    }
    if (!warned && dropped.get() > 0) {
      warned = true;
      logger.warning("access log: lines are being dropped because the log cannot be written as "
          + "fast as calls end; counted in polyglot_access_log_dropped_lines_total (no further "
          + "warning)");
    }
  }

  /** Writes what is queued, then stops the thread (bounded waits: a stuck stderr cannot hang us). */
  @Override
  public void close() throws InterruptedException {
    if (queue.offer(END, 5, TimeUnit.SECONDS)) {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}
