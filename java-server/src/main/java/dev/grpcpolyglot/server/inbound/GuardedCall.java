package dev.grpcpolyglot.server.inbound;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * The call as the service sees it. Once the guard has ended the call for a bad request, whatever
 * the service still writes (replies already on their way from another thread, a late
 * onCompleted) is dropped here: writing to a stream gRPC has closed makes Netty send a second
 * header block, which is a connection error that kills every call sharing the connection.
 *
 * <p>Why a lock: a service may write from its own threads while the guard ends the call from
 * the listener's thread, and {@link ServerCall} is not thread-safe. Uncontended, it costs a few
 * nanoseconds per message.
 */
final class GuardedCall extends ForwardingServerCall.SimpleForwardingServerCall<Object, Object> {
  private final Object lock = new Object();
  private boolean closed;
  private boolean closedByGuard;

  GuardedCall(ServerCall<Object, Object> call) {
    super(call);
  }

  @Override
  public void sendHeaders(Metadata headers) {
    synchronized (lock) {
      if (!closedByGuard) {
        super.sendHeaders(headers);
      }
    }
  }

  @Override
  public void sendMessage(Object message) {
    synchronized (lock) {
      if (!closedByGuard) {
        super.sendMessage(message);
      }
    }
  }

  @Override
  public void close(Status status, Metadata trailers) {
    synchronized (lock) {
      if (closedByGuard) {
        return;
      }
      closed = true;
      super.close(status, trailers);
    }
  }

  /** Ends the call with {@code status} unless the service already has; true if this ended it. */
  boolean closeFromGuard(Status status, Metadata trailers) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      closedByGuard = true;
      super.close(status, trailers);
      return true;
    }
  }
}
