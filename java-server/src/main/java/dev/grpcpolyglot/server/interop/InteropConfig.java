package dev.grpcpolyglot.server.interop;

/**
 * Whether grpc.testing.TestService is served, and the bounds on what one call may ask of it
 * (docs/interop.md): its requests name the size and number of the responses, so without bounds
 * one call could make the server allocate and queue any amount.
 *
 * @param enabled serve the service (--test-service)
 * @param maxResponseBytes largest payload one response may ask for (UnaryCall's
 *     {@code response_size}, each {@code response_parameters[i].size})
 * @param maxResponses most responses one request may ask for, and one HalfDuplexCall may
 *     collect before its half-close (it answers only then, so it must hold them)
 */
public record InteropConfig(boolean enabled, int maxResponseBytes, int maxResponses) {
  /** Three times the largest payload the interop cases ask for (large_unary's 314,159 bytes). */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
  /** The cases ask at most 4 responses per request; soak loops use new requests, not more. */
  public static final int DEFAULT_MAX_RESPONSES = 1000;

  public InteropConfig {
    if (maxResponseBytes < 0 || maxResponses < 1) {
      throw new IllegalArgumentException("--test-service-max-response-size must be >= 0 and"
          + " --test-service-max-responses >= 1, got " + maxResponseBytes + " and " + maxResponses);
    }
  }

  /** Not served; the default bounds apply if it is turned on. */
  public static InteropConfig off() {
    return new InteropConfig(false, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RESPONSES);
  }

  public InteropConfig withEnabled(boolean on) {
    return new InteropConfig(on, maxResponseBytes, maxResponses);
  }
}
