package dev.grpcpolyglot.server.lifecycle;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends the open calls of library services whose streams last as long as the client likes
 * (health Watch, reflection), so that shutdown does not wait the whole grace period for them.
 * Our own services end their long streams themselves ({@link GracefulService}); the grace period
 * is then left to unary and finite calls.
 *
 * <p>Threading: the library service writes to its call from its own threads while {@link
 * #endAll} closes it from the stopping thread, and a {@link ServerCall} is not thread-safe. So
 * every write to a tracked call goes through {@link EndableCall}'s monitor, and nothing is sent
 * after the end.
 */
public final class LongLivedCalls implements ServerInterceptor {
  private static final Status SHUTTING_DOWN =
      Status.UNAVAILABLE.withDescription("server is shutting down; reconnect to another server");

  /** Full method names whose calls are ended at shutdown. */
  private final Set<String> methods;
  private final Set<EndableCall<?, ?>> open = ConcurrentHashMap.newKeySet();
  private volatile boolean ending;

  /** Tracks calls of {@code fullMethodNames} (e.g. "grpc.health.v1.Health/Watch"). */
  public LongLivedCalls(Set<String> fullMethodNames) {
    this.methods = Set.copyOf(fullMethodNames);
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    if (!methods.contains(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    EndableCall<ReqT, RespT> endable = new EndableCall<>(call);
    open.add(endable);
    ServerCall.Listener<ReqT> listener = forgetOnCancel(next.startCall(endable, headers), endable);
    // A call that slipped in while endAll ran: it would otherwise stay open until the grace ends.
    if (ending) {
      endable.end(SHUTTING_DOWN);
    }
    return listener;
  }

  /** The client may cancel a call the service never closes: stop tracking it then too. */
  private <ReqT> ServerCall.Listener<ReqT> forgetOnCancel(ServerCall.Listener<ReqT> listener,
      EndableCall<ReqT, ?> call) {
    return new SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        open.remove(call);
        super.onCancel();
      }
    };
  }

  /**
   * Ends every tracked call with UNAVAILABLE, and every later one as soon as it starts. Call it
   * after health went NOT_SERVING: Watch clients get that status first, then the end.
   */
  public void endAll() {
    ending = true;
    for (EndableCall<?, ?> call : open) {
      call.end(SHUTTING_DOWN);
    }
  }

  /** A call whose writes are serialized with {@link #end}, and that forgets itself once closed. */
  private final class EndableCall<ReqT, RespT> extends SimpleForwardingServerCall<ReqT, RespT> {
    /** Guarded by this. */
    private boolean closed;

    EndableCall(ServerCall<ReqT, RespT> call) {
      super(call);
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(RespT message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      open.remove(this);
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        super.close(status, trailers);
      }
    }

    void end(Status status) {
      try {
        close(status, new Metadata());
      } catch (IllegalStateException e) {
        // The client cancelled at the same instant: the call is gone already.
      }
    }
  }
}
