package dev.grpcpolyglot.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Sends a W3C {@code traceparent} header on every call, so the server's access log names the
 * trace (as OpenTelemetry's instrumentation does for the Go and Python clients). The trace id is
 * the one put in the current {@link Context} with {@link #inTrace}, else a new one per call; each
 * call gets a new parent (span) id and the sampled flag.
 */
public final class TraceContextInterceptor implements ClientInterceptor {
  static final Metadata.Key<String> TRACEPARENT =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> TRACE_ID = Context.key("polyglot-trace-id");
  private static final SecureRandom random = new SecureRandom();

  /** A context whose calls all belong to {@code traceId} (32 lowercase hex digits). */
  public static Context inTrace(String traceId) {
    if (!traceId.matches("[0-9a-f]{32}") || traceId.equals("0".repeat(32))) {
      throw new IllegalArgumentException("a trace id is 32 lowercase hex digits, not all 0");
    }
    return Context.current().withValue(TRACE_ID, traceId);
  }

  /** A random trace id, as {@link #inTrace} takes. */
  public static String newTraceId() {
    return randomHex(16);
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
      CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        String traceId = TRACE_ID.get();
        headers.put(TRACEPARENT, "00-" + (traceId != null ? traceId : newTraceId()) + "-"
            + randomHex(8) + "-01");
        super.start(listener, headers);
      }
    };
  }

  private static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
