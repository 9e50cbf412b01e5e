package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.server.contact.queue.TaskSink;
import dev.grpcpolyglot.server.error.Statuses;
import io.grpc.stub.ServerCallStreamObserver;

/**
 * A worker's getTask stream as the queue sees it. The queue serializes {@link #send} and
 * {@link #close} (gRPC observers are not thread-safe) and calls them outside its lock.
 */
final class WorkerStream implements TaskSink {
  private final ServerCallStreamObserver<ServerMsg> observer;

  WorkerStream(ServerCallStreamObserver<ServerMsg> observer) {
    this.observer = observer;
  }

  @Override
  public boolean isReady() {
    return observer.isReady();
  }

  @Override
  public void send(String taskId, String text) {
    // After a client cancel this is a no-op: the service set an onCancelHandler, so grpc-java
    // drops the message instead of throwing; the queue has already requeued the task.
    observer.onNext(ServerMsg.newBuilder().setTaskId(taskId).setTask(text).build());
  }

  @Override
  public void close(RuntimeException reason) {
    observer.onError(Statuses.toException(reason));
  }
}
