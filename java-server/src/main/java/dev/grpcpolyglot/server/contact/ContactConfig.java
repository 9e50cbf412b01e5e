package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of the Contact service and its task queue. Every bound here keeps the server's memory
 * flat in a long run: the queue, the in-flight window per worker, and the results kept.
 *
 * @param maxInFlight tasks a worker may hold unacknowledged at once (its flow-control window)
 * @param maxQueued tasks that may wait at once; submitTask beyond it is RESOURCE_EXHAUSTED
 * @param retainDone finished tasks kept queryable through getTaskStatus (oldest forgotten first)
 * @param retainLooseResults results without a (known) task id kept (oldest forgotten first)
 * @param demoTasksEvery period of the demo producer; zero turns it off
 * @param store where the queue's state lives: {@code embedded}, {@code memory} or a
 *     {@code jdbc:postgresql://} URL (see {@link TaskStores})
 * @param dataDir the folder of the {@code embedded} store
 * @param lease how long a replica of the PostgreSQL store holds a task it handed to a worker
 *     without renewing it; a dead replica's tasks go to others after that
 * @param idempotencyWindow how long a submit's idempotency key is kept: a repeat within it
 *     answers the original task ids and queues nothing; after it the key is forgotten
 */
public record ContactConfig(
    int maxInFlight,
    int maxQueued,
    int retainDone,
    int retainLooseResults,
    Duration demoTasksEvery,
    String store,
    Path dataDir,
    Duration lease,
    Duration idempotencyWindow) {

  public static final int DEFAULT_MAX_IN_FLIGHT = 8;
  public static final int DEFAULT_MAX_QUEUED = 1_000_000;
  public static final int DEFAULT_RETAIN_DONE = 10_000;
  public static final int DEFAULT_RETAIN_LOOSE_RESULTS = 1_000;
  public static final Path DEFAULT_DATA_DIR = Path.of("polyglot-data");
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = SubmitKey.DEFAULT_WINDOW;

  public ContactConfig {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("contact max in flight must be at least 1, got " + maxInFlight);
    }
    if (maxQueued < 1) {
      throw new IllegalArgumentException("contact max queued must be at least 1, got " + maxQueued);
    }
    if (retainDone < 0 || retainLooseResults < 0) {
      throw new IllegalArgumentException("contact retention counts must not be negative, got "
          + retainDone + " and " + retainLooseResults);
    }
    if (demoTasksEvery == null || demoTasksEvery.isNegative()) {
      throw new IllegalArgumentException("demo tasks period must be zero (off) or positive, got "
          + demoTasksEvery);
    }
    if (store == null || store.isBlank()) {
      throw new IllegalArgumentException("contact store must be embedded, memory or a"
          + " jdbc:postgresql:// URL");
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("data dir must be set");
    }
    if (lease == null || lease.toMillis() < 100) {
      throw new IllegalArgumentException("contact lease must be at least 100ms, got " + lease);
    }
    if (idempotencyWindow == null || idempotencyWindow.toMillis() < 1) {
      throw new IllegalArgumentException("contact idempotency window must be positive, got "
          + idempotencyWindow);
    }
  }

  /**
   * Defaults for a server built in code (tests): the {@code memory} store, so nothing is written
   * to disk. The command line's default store is {@code embedded} (see {@link ContactOptions}).
   */
  public static ContactConfig defaults() {
    return new ContactConfig(DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUED, DEFAULT_RETAIN_DONE,
        DEFAULT_RETAIN_LOOSE_RESULTS, Duration.ZERO, TaskStores.MEMORY, DEFAULT_DATA_DIR, DEFAULT_LEASE,
        DEFAULT_IDEMPOTENCY_WINDOW);
  }

  /** The bounds the store keeps. */
  public QueueLimits limits() {
    return new QueueLimits(maxInFlight, maxQueued, retainDone, retainLooseResults);
  }

  public ContactConfig withMaxInFlight(int newMaxInFlight) {
    return new ContactConfig(newMaxInFlight, maxQueued, retainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, lease, idempotencyWindow);
  }

  public ContactConfig withMaxQueued(int newMaxQueued) {
    return new ContactConfig(maxInFlight, newMaxQueued, retainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, lease, idempotencyWindow);
  }

  public ContactConfig withRetainDone(int newRetainDone) {
    return new ContactConfig(maxInFlight, maxQueued, newRetainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, lease, idempotencyWindow);
  }

  public ContactConfig withDemoTasksEvery(Duration period) {
    return new ContactConfig(maxInFlight, maxQueued, retainDone, retainLooseResults, period, store,
        dataDir, lease, idempotencyWindow);
  }

  public ContactConfig withStore(String newStore, Path newDataDir) {
    return new ContactConfig(maxInFlight, maxQueued, retainDone, retainLooseResults, demoTasksEvery,
        newStore, newDataDir, lease, idempotencyWindow);
  }

  public ContactConfig withLease(Duration newLease) {
    return new ContactConfig(maxInFlight, maxQueued, retainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, newLease, idempotencyWindow);
  }

  public ContactConfig withIdempotencyWindow(Duration window) {
    return new ContactConfig(maxInFlight, maxQueued, retainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, lease, window);
  }
}
