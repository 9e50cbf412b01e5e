package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.error.Failures;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * One tellResult call: a result naming a task id acknowledges that task (the first result is
 * kept); one without an id is kept and acknowledges nothing. Empty on half-close, and only once
 * every result of the stream is stored: the Empty tells the worker its results are safe. A
 * result the store cannot take ends the stream with its status (the task stays unacknowledged
 * and is redelivered).
 *
 * <p>Flow control: manual and windowed, like {@link StatusChat}: at most {@link #WINDOW} results
 * are requested ahead of being stored, topped up in batches of half, so a bounded number is ever
 * buffered without one request (and transport wake-up) per result, and a durable store gets up
 * to a window of acknowledgements to commit together.
 *
 * <p>Threading: onNext runs on the transport; a durable store answers on its own thread; one
 * monitor ({@link #lock}) orders the reply stream and the counters.
 */
final class ResultIntake implements StreamObserver<Result> {
  static final int WINDOW = 256;

  private final TaskStore queue;
  private final ResultLog resultLog;
  private final ServerCallStreamObserver<Empty> reply;
  /** The reply, also ended from the stopping thread at shutdown. */
  private final GuardedReplies<Empty> guarded;
  private final Object lock = new Object();
  /** Results processed since the window was last topped up; guarded by lock. */
  private int unrequested;
  /** Acknowledgements handed to the store and not answered yet; guarded by lock. */
  private int storing;
  /** Guarded by lock. */
  private boolean halfClosed;
  /** The reply stream is over (answered, failed, or the worker went away); guarded by lock. */
  private boolean ended;

  ResultIntake(TaskStore queue, ResultLog resultLog, StreamObserver<Empty> reply,
      Set<GuardedReplies<?>> openStreams) {
    this.queue = queue;
    this.resultLog = resultLog;
    this.reply = (ServerCallStreamObserver<Empty>) reply;
    this.guarded = new GuardedReplies<>(this.reply, openStreams);
    this.reply.disableAutoRequest();
    this.reply.request(WINDOW);
  }

  @Override
  public void onNext(Result result) {
    String taskId = result.getTaskId();
    if (taskId.isEmpty()) {
      queue.keepLooseResult(result.getRet());
      resultLog.result(taskId, result.getRet(), Ack.UNKNOWN_ID);
      processed(false);
      return;
    }
    synchronized (lock) {
      storing++;
    }
    var unused = queue.acknowledge(taskId, result.getRet()).whenComplete((ack, failure) -> {
      if (failure != null) {
        fail(failure);
        return;
      }
      resultLog.result(taskId, result.getRet(), ack);
      processed(true);
    });
  }

  private void processed(boolean stored) {
    synchronized (lock) {
      if (stored) {
        storing--;
      }
      if (ended) {
        return;
      }
      // Results only feed the queue, never the reply stream, so no isReady condition here.
      if (++unrequested >= WINDOW / 2) {
        reply.request(unrequested);
        unrequested = 0;
      }
      if (halfClosed && storing == 0) {
        finish();
      }
    }
  }

  private void fail(Throwable failure) {
    synchronized (lock) {
      if (ended) {
        return;
      }
      ended = true;
      guarded.fail(Statuses.toException(Failures.unwrap(failure)));
    }
  }

  private void finish() {
    ended = true;
    if (guarded.send(Empty::getDefaultInstance)) {
      guarded.complete();
    }
  }

  @Override
  public void onError(Throwable t) {
    // The worker went away mid-stream; results received so far still count once stored.
    synchronized (lock) {
      ended = true;
    }
    guarded.clientGone();
  }

  @Override
  public void onCompleted() {
    synchronized (lock) {
      halfClosed = true;
      if (!ended && storing == 0) {
        finish();
      }
    }
  }
}
