package dev.grpcpolyglot.server.gcn;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adds trailer {@code gcn-server-ms}: how long the server worked on the call (decoding the
 * request bytes, validation, adjacency and both layers; not the transport, nor encoding the
 * reply, about a millisecond), so benchmarks can tell server compute from end-to-end time
 * without scraping logs.
 */
final class ServerTimingTrailer implements ServerInterceptor {
  /** Milliseconds with three decimals, e.g. {@code 41.237}. */
  static final Metadata.Key<String> SERVER_MS =
      Metadata.Key.of("gcn-server-ms", Metadata.ASCII_STRING_MARSHALLER);

  private static final Context.Key<AtomicLong> ELAPSED_NANOS = Context.key("gcn-elapsed-nanos");

  /** Records the handler's time for the current call's trailer (no-op outside a timed call). */
  static void record(long nanos) {
    AtomicLong slot = ELAPSED_NANOS.get();
    if (slot != null) {
      slot.set(nanos);
    }
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    AtomicLong elapsed = new AtomicLong(-1);
    ServerCall<ReqT, RespT> timed = new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        long nanos = elapsed.get();
        if (nanos >= 0) {
          trailers.put(SERVER_MS, String.format(Locale.ROOT, "%.3f", nanos / 1e6));
        }
        super.close(status, trailers);
      }
    };
    Context context = Context.current().withValue(ELAPSED_NANOS, elapsed);
    return Contexts.interceptCall(context, timed, headers, next);
  }
}
