package dev.grpcpolyglot.server.contact.store.memory;

import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.QueueBackedStore;
import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskQueue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@code memory} store: the queue lives only in this process ({@link TaskQueue}), as fast as
 * it gets and lost on exit. For tests and benchmarks, or where tasks may be lost on a crash.
 */
public final class MemoryTaskStore extends QueueBackedStore {
  private final SubmitLedger keys;

  /** A store within {@code limits} keeping submit keys for {@code idempotencyWindow}. */
  public MemoryTaskStore(QueueLimits limits, Duration idempotencyWindow) {
    super(new TaskQueue(limits));
    this.keys = new SubmitLedger(idempotencyWindow);
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
  public CompletableFuture<Ack> acknowledge(String taskId, String result) {
    return now(() -> queue.acknowledge(taskId, result));
  }

  @Override
  public void close() {}

  /** Runs {@code action} here and now; its result or failure as a completed future. */
  private static <T> CompletableFuture<T> now(Supplier<T> action) {
    try {
      return CompletableFuture.completedFuture(action.get());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
