package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.error.Failures;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One submitTasks call: each task is queued and answered with its receipt (once stored), in
 * request order. The first task that cannot be queued (empty, queue full, store failure, shutting
 * down) ends the stream with that status, its message naming the task's index in the stream;
 * every earlier task was queued and has its receipt. No task after an empty or refused one is
 * submitted; only when the store itself fails may tasks already on their way to it be stored
 * without a receipt (they run once more if the producer resends: at least once).
 *
 * <p>Flow control: a {@link ReadWindow} of {@link #WINDOW} requests, topped up only while the
 * receipts are being read, so a producer that never reads its receipts stops being read (and
 * stops adding tasks) too. Up to a window of tasks is on its way to the store at once, so a
 * durable store commits them in groups instead of one commit per task.
 *
 * <p>Threading: onNext runs on the transport (serially); receipts are written when the store
 * answers, in order, through a chain of futures, under {@link GuardedReplies}' monitor.
 */
final class TaskSubmissions implements StreamObserver<TaskRequest> {
  static final int WINDOW = 256;

  /** The request observer of a stream that was refused at its start. */
  static final StreamObserver<TaskRequest> IGNORE = new StreamObserver<>() {
    @Override
    public void onNext(TaskRequest value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  };

  private final TaskStore queue;
  /**
   * The stream's idempotency key, or null: task i is stored once per (key, i), so a producer
   * resending the whole stream with the same key gets the original ids of the tasks already
   * queued and queues only the rest.
   */
  private final String key;
  private final GuardedReplies<TaskReceipt> receipts;
  private final ReadWindow window;
  /** Index of the next request in this stream; callback-confined. */
  private long index;
  /** Completes once every receipt so far is written (or the stream failed); callback-confined. */
  private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
  /** A task was refused: submit nothing more. Set on the transport or the store's thread. */
  private volatile boolean stopped;

  private TaskSubmissions(TaskStore queue, GuardedReplies<TaskReceipt> receipts, String key) {
    this.queue = queue;
    this.key = key;
    this.receipts = receipts;
    this.window = ReadWindow.open(receipts.call(), WINDOW);
  }

  /**
   * Starts a submission stream on {@code receipts} with the call's validated idempotency key
   * (or null); it is in {@code open} until it ends.
   */
  static TaskSubmissions start(TaskStore queue, StreamObserver<TaskReceipt> receipts,
      Set<GuardedReplies<?>> open, String key) {
    return new TaskSubmissions(queue,
        new GuardedReplies<>((ServerCallStreamObserver<TaskReceipt>) receipts, open), key);
  }

  @Override
  public void onNext(TaskRequest request) {
    if (stopped) {
      return;
    }
    long position = index++;
    if (request.getTask().isEmpty()) {
      // Refused before it reaches the store: nothing after it may be queued either.
      stopped = true;
    }
    CompletableFuture<String> stored = queue.submit(request.getTask(),
        key == null ? null : SubmitKey.ofStreamTask(key, position, request.getTask()));
    written = written.thenCompose(ignored -> stored.handle((id, failure) -> {
      answer(position, id, failure);
      return null;
    }));
  }

  /** Writes one task's receipt, or ends the stream with the reason it was not queued. */
  private void answer(long position, String id, Throwable failure) {
    if (failure != null) {
      stopped = true;
      Throwable cause = Failures.unwrap(failure);
      if (!(cause instanceof ProblemException e)) {
        receipts.fail(Statuses.toException(cause));
        return;
      }
      ProblemException located = new ProblemException(e.problem(), "task " + position
          + " of this submitTasks stream (counting from 0) was not queued: " + e.getMessage()
          + "; the tasks before it were queued");
      // Same details as the unary call's (QUEUE_FULL and its RetryInfo, ...).
      e.reason().ifPresent(located::because);
      e.retryDelay().ifPresent(located::retryAfter);
      receipts.fail(Statuses.toException(located));
      return;
    }
    if (receipts.send(() -> TaskReceipt.newBuilder().setTaskId(id).build())) {
      window.processed();
    }
  }

  @Override
  public void onError(Throwable t) {
    // The producer cancelled or went away: the tasks it already has receipts for stay queued.
    receipts.clientGone();
  }

  @Override
  public void onCompleted() {
    // After the last receipt: the producer learns of every task it sent before the stream ends.
    var unused = written.thenRun(receipts::complete);
  }
}
