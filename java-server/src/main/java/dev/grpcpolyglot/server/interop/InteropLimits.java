package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.interop.testing.TestServiceGrpc;
import java.util.Map;

/**
 * The largest request message each TestService method must accept for the interop cases, for
 * whoever installs per-method inbound limits. Only {@code very_large_request} goes past gRPC's
 * 4 MiB default: grpc-java's client sends a 10 MiB payload to UnaryCall. The streaming cases
 * send at most 271,828 bytes per message (large_unary, soak) and 45,904 (ping_pong).
 */
public final class InteropLimits {
  /** 10 MiB payload plus the protobuf framing of SimpleRequest, rounded up. */
  public static final int UNARY_CALL_BYTES = 16 * 1024 * 1024;
  /** Every other method: 1 MiB is well above the largest message the cases send. */
  public static final int OTHER_METHOD_BYTES = 1024 * 1024;

  private InteropLimits() {}

  /** Full method name to the request size it must accept. */
  public static Map<String, Integer> requestBytesByMethod() {
    return Map.of(
        TestServiceGrpc.getEmptyCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getUnaryCallMethod().getFullMethodName(), UNARY_CALL_BYTES,
        TestServiceGrpc.getCacheableUnaryCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getStreamingOutputCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getStreamingInputCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getFullDuplexCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getHalfDuplexCallMethod().getFullMethodName(), OTHER_METHOD_BYTES,
        TestServiceGrpc.getUnimplementedCallMethod().getFullMethodName(), OTHER_METHOD_BYTES);
  }
}
