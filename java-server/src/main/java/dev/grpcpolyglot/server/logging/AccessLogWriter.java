package dev.grpcpolyglot.server.logging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpscBlockingConsumerVarHandleArrayQueue;

/**
 * One thread that writes the access log from a bounded queue, so a call never formats, locks
 * a handler or waits on stderr. The queue is JCTools' multi-producer, single-consumer array, so
 * a call's offer takes no lock the writer could be holding while it drains a batch. When the
 * queue is full (stderr slower than the calls), the line is dropped and counted, never the
 * call: {@link #droppedLines()} feeds the {@code polyglot.access_log.dropped_lines} metric, and
 * the first drop logs one warning.
 */
final class AccessLogWriter implements AutoCloseable {
  static final int DEFAULT_CAPACITY = 16_384;
  private static final int BATCH = 512;
  /**
   * How long the writer gathers lines before it writes them. Why: one call a time (c=1) would
   * otherwise cost a thread wake-up and a write(2) per line, more than the call's own socket
   * writes; gathered, the cost is per batch, and a line shows at most this much later.
   */
  private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final Logger logger = Logger.getLogger(AccessLog.class.getName());
  /** Wakes a writer waiting for lines when {@link #close} begins; never written. */
  private static final AccessLine END = new AccessLine(0, "", "", "", io.grpc.Status.Code.OK,
      0, 0, 0, "");

  private final MpscBlockingConsumerVarHandleArrayQueue<AccessLine> queue;
  private final Consumer<List<AccessLine>> sink;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  /** Set by {@link #close}: the writer stops once the queue is empty. */
  private volatile boolean closing;
  private boolean warned;

  AccessLogWriter(int capacity, Consumer<List<AccessLine>> sink) {
    this.queue = new MpscBlockingConsumerVarHandleArrayQueue<>(capacity);
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
    MessagePassingQueue.Consumer<AccessLine> gather = line -> {
      if (!isEnd(line)) {
        batch.add(line);
      }
    };
    try {
      while (true) {
        queue.drain(gather, BATCH);
        if (batch.isEmpty()) {
          if (closing) {
            return;
          }
          // Idle: the next call to end wakes the writer, once.
          gather.accept(queue.take());
        } else {
          writeBatch(batch);
          batch.clear();
        }
        if (!closing && queue.size() < BATCH) {
          // A timed pause, not a wait for an event: while calls keep ending, the writer wakes
          // on its own every GATHER_NANOS and no call ever has to wake it.
          LockSupport.parkNanos(GATHER_NANOS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sentinel by identity: a record's equals would also match a line that held its values. */
  @SuppressWarnings("ReferenceEquality")
  private static boolean isEnd(AccessLine line) {
    return line == END;
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

  /** Writes what is queued, then stops the thread (a bounded wait: a stuck stderr cannot hang us). */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    // Wakes a writer waiting on an empty queue; a full queue needs no wake-up (and drops END).
    queue.offer(END);
    thread.join(TimeUnit.SECONDS.toMillis(5));
  }
}
