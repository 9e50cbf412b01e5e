package dev.grpcpolyglot.server.contact;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reply side of a client- or bidi-streaming call that the server may also end from another
 * thread at shutdown (sendStatus, submitTasks, tellResult). gRPC observers are not thread-safe,
 * so every write happens under this object's monitor (uncontended except at shutdown, so cheap),
 * and nothing is written after the stream ended. The stream is in {@code open} from creation until it ends or is cancelled.
 */
final class GuardedReplies<T> {
  private final ServerCallStreamObserver<T> replies;
  private final Set<GuardedReplies<?>> open;
  /** Guarded by this. */
  private boolean closed;

  /** Call from the handler (it installs the onCancel handler). */
  GuardedReplies(ServerCallStreamObserver<T> replies, Set<GuardedReplies<?>> open) {
    this.replies = replies;
    this.open = open;
    replies.setOnCancelHandler(() -> open.remove(this));
    open.add(this);
  }

  ServerCallStreamObserver<T> call() {
    return replies;
  }

  /**
   * Computes a reply and sends it, both under the monitor, unless the stream has ended. So a
   * side effect of {@code reply} (queuing a task) never happens without its reply being sent,
   * even when shutdown ends the stream at the same instant.
   *
   * @return false when the stream had already ended ({@code reply} was not called)
   */
  synchronized boolean send(Supplier<T> reply) {
    if (closed) {
      return false;
    }
    replies.onNext(reply.get());
    return true;
  }

  /** Ends the stream OK (the client half-closed). */
  void complete() {
    open.remove(this);
    synchronized (this) {
      if (!closed) {
        closed = true;
        replies.onCompleted();
      }
    }
  }

  /** Ends the stream with {@code failure} (its trailers included), unless it has ended already. */
  void fail(StatusRuntimeException failure) {
    open.remove(this);
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        replies.onError(failure);
      } catch (RuntimeException e) {
        // Cancelled at the same instant: the client is gone already.
      }
    }
  }

  /** The client cancelled or the connection broke: nothing to answer, only forget the stream. */
  void clientGone() {
    open.remove(this);
  }

  /** Server shutdown: ends the stream with UNAVAILABLE so the client reconnects elsewhere. */
  void shutdown() {
    fail(Status.UNAVAILABLE.withDescription("server is shutting down; reconnect to another server")
        .asRuntimeException());
  }
}
