package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * One tellResult call: a result naming a task id acknowledges that task (the first result is
 * kept); one without an id is kept and acknowledges nothing; Empty on half-close.
 *
 * <p>Flow control: manual and windowed, like {@link StatusChat}: at most {@link #WINDOW} results
 * are requested ahead, topped up in batches of half, so a bounded number is ever buffered without
 * one request (and transport wake-up) per result. Callbacks of one call are serial: no lock.
 */
final class ResultIntake implements StreamObserver<Result> {
  static final int WINDOW = 256;

  private final TaskQueue queue;
  private final ResultLog resultLog;
  private final ServerCallStreamObserver<Empty> reply;
  /** The reply, also ended from the stopping thread at shutdown. */
  private final GuardedReplies<Empty> guarded;
  /** Results processed since the window was last topped up; callback-confined. */
  private int unrequested;

  ResultIntake(TaskQueue queue, ResultLog resultLog, StreamObserver<Empty> reply,
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
    TaskQueue.Ack ack;
    if (taskId.isEmpty()) {
      queue.keepLooseResult(result.getRet());
      ack = TaskQueue.Ack.UNKNOWN_ID;
    } else {
      ack = queue.acknowledge(taskId, result.getRet());
    }
    resultLog.result(taskId, result.getRet(), ack);
    // Results only feed the queue, never the reply stream, so no isReady condition here.
    if (++unrequested >= WINDOW / 2) {
      reply.request(unrequested);
      unrequested = 0;
    }
  }

  @Override
  public void onError(Throwable t) {
    // The worker went away mid-stream; results received so far already count.
    guarded.clientGone();
  }

  @Override
  public void onCompleted() {
    if (guarded.send(Empty::getDefaultInstance)) {
      guarded.complete();
    }
  }
}
