package dev.grpcpolyglot.server.contact;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@code memory} store: the queue lives only in this process ({@link TaskQueue}), as fast as
 * it gets and lost on exit. For tests and benchmarks, or where tasks may be lost on a crash.
 */
final class MemoryTaskStore extends QueueBackedStore {
  private final SubmitLedger keys;

  MemoryTaskStore(ContactConfig config) {
    super(new TaskQueue(config));
    this.keys = new SubmitLedger(config.idempotencyWindow());
  }

  @Override
  public CompletableFuture<String> submit(String text) {
    return now(() -> queue.submit(text));
  }

  @Override
  public CompletableFuture<List<String>> submitAll(List<String> texts) {
    return now(() -> queue.submitAll(texts));
  }

  @Override
  public CompletableFuture<List<String>> submitAll(List<String> texts, SubmitKey key) {
    return now(() -> keys.once(key, () -> queue.submitAll(texts)));
  }

  @Override
  public CompletableFuture<TaskQueue.Ack> acknowledge(String taskId, String result) {
    return now(() -> queue.acknowledge(taskId, result));
  }

  @Override
  public void close() {}

  /** Runs {@code action} here and now; its result or failure as a completed future. */
  static <T> CompletableFuture<T> now(Supplier<T> action) {
    try {
      return CompletableFuture.completedFuture(action.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
