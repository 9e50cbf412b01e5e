package dev.grpcpolyglot.server.contact.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where the task queue's state lives (tasks, their states and deliveries, results, retention),
 * behind one interface so the service does not care whether it is in memory or in a database.
 * No gRPC types: failures are {@link dev.grpcpolyglot.server.error.ProblemException}s.
 *
 * <p>Submits and acknowledgements answer through futures because a durable store answers only
 * once the change is committed; the in-memory store completes them before returning. The
 * futures of one caller complete in the order the calls were made. Methods returning a future
 * never throw: every failure is in the future.
 */
public interface TaskStore extends AutoCloseable {
  /**
   * RetryInfo of a full queue: workers take tasks continuously, so room usually opens within a
   * second; a client that waits that long before retrying does not hammer a saturated server.
   */
  Duration QUEUE_FULL_RETRY = Duration.ofSeconds(1);

  /** Queues one task; its id once stored. INVALID_ARGUMENT when empty (see {@link TaskQueue#submit}). */
  CompletableFuture<String> submit(String text);

  /** Queues every task of {@code texts}, all or none; their ids in order once stored. */
  CompletableFuture<List<String>> submitAll(List<String> texts);

  /**
   * As {@link #submitAll(List)}, once per {@code key}: a repeat of the key within the
   * idempotency window answers the ids stored with it and queues nothing; a key stored for a
   * different request is FAILED_PRECONDITION. The key is stored with the tasks (in the same
   * transaction, for a database): a submit that fails stores neither.
   */
  CompletableFuture<List<String>> submitAll(List<String> texts, SubmitKey key);

  /** As {@link #submit(String)}, once per {@code key} (null: no key); see above. */
  default CompletableFuture<String> submit(String text, SubmitKey key) {
    if (key == null) {
      return submit(text);
    }
    CompletableFuture<String> rejected = TaskChecks.rejectInvalid(text);
    return rejected != null ? rejected : submitAll(List.of(text), key).thenApply(ids -> ids.get(0));
  }

  /**
   * Records a result for {@code taskId}: the first result of a known task makes it DONE (once
   * stored); see {@link TaskQueue#acknowledge}.
   */
  CompletableFuture<Ack> acknowledge(String taskId, String result);

  /** Keeps a result that names no task. */
  void keepLooseResult(String result);

  /** Makes {@code sink} a worker; see {@link TaskQueue#register}. */
  WorkerSlot register(TaskSink sink);

  /** The task's current state; NOT_FOUND for an unknown or forgotten id. */
  TaskView status(String taskId);

  /**
   * Tells {@code listener} whether the store can serve now and whenever that changes (see
   * {@link dev.grpcpolyglot.server.DependentService}). Stores inside the process always can.
   */
  default void watchAvailability(Consumer<Boolean> listener) {
    listener.accept(true);
  }

  /** Stops handing out tasks; see {@link TaskQueue#shutdown}. */
  void shutdown(RuntimeException reason);

  /** Counts for tests, logs and benchmarks. */
  QueueStats stats();

  /** Tasks put back because their worker left without acknowledging them, since start. */
  long redeliveries();

  /** Releases the store's resources (database connections, the data dir's lock). */
  @Override
  void close();

  /** A registered worker as its stream sees it. */
  interface WorkerSlot {
    /** The worker's stream became ready again: hand it what fits. */
    void onReady();

    /** The worker's stream ended: its unacknowledged tasks go back to the queue. */
    void end();
  }
}
