package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * One submitTasks call: each task is queued and answered with its receipt, in request order.
 * The first task that cannot be queued (empty, queue full, shutting down) ends the stream with
 * that status, its message naming the task's index in the stream; every earlier task was queued
 * and has its receipt, it and later ones were not.
 *
 * <p>Flow control: a {@link ReadWindow} of {@link #WINDOW} requests, topped up only while the
 * receipts are being read, so a producer that never reads its receipts stops being read (and
 * stops adding tasks) too.
 *
 * <p>Threading: callbacks of one call are serial, so the window and the index need no lock;
 * queuing and the receipt's write happen together under {@link GuardedReplies}' monitor, so
 * shutdown can never leave a queued task without its receipt.
 */
final class TaskSubmissions implements StreamObserver<TaskRequest> {
  static final int WINDOW = 256;

  private final TaskQueue queue;
  private final GuardedReplies<TaskReceipt> receipts;
  private final ReadWindow window;
  /** Index of the next request in this stream; callback-confined. */
  private long index;

  private TaskSubmissions(TaskQueue queue, GuardedReplies<TaskReceipt> receipts) {
    this.queue = queue;
    this.receipts = receipts;
    this.window = ReadWindow.open(receipts.call(), WINDOW);
  }

  /** Starts a submission stream on {@code receipts}; it is in {@code open} until it ends. */
  static TaskSubmissions start(TaskQueue queue, StreamObserver<TaskReceipt> receipts,
      Set<GuardedReplies<?>> open) {
    return new TaskSubmissions(queue,
        new GuardedReplies<>((ServerCallStreamObserver<TaskReceipt>) receipts, open));
  }

  @Override
  public void onNext(TaskRequest request) {
    long position = index++;
    boolean sent;
    try {
      sent = receipts.send(() ->
          TaskReceipt.newBuilder().setTaskId(queue.submit(request.getTask())).build());
    } catch (ProblemException e) {
      ProblemException located = new ProblemException(e.problem(),
          "task " + position + " of this submitTasks stream (counting from 0) was not queued: "
              + e.getMessage() + "; the tasks before it were queued");
      // Same details as the unary call's (QUEUE_FULL and its RetryInfo, ...).
      e.reason().ifPresent(located::because);
      e.retryDelay().ifPresent(located::retryAfter);
      receipts.fail(Statuses.toException(located));
      return;
    }
    if (sent) {
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
    receipts.complete();
  }
}
