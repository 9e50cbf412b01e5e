package dev.grpcpolyglot.server.logging;

import io.grpc.Metadata;
import java.util.regex.Pattern;

/**
 * The trace id of a call's W3C {@code traceparent} header
 * ({@code 00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>}), which OpenTelemetry's gRPC
 * instrumentation in each client language sends, so one access-log line can be found from the
 * client's trace.
 */
final class TraceParent {
  static final Metadata.Key<String> HEADER =
      Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  /** Version 00's layout; later versions may append fields after the flags. */
  private static final Pattern VALID =
      Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?");
  private static final String INVALID_TRACE_ID = "0".repeat(32);

  private TraceParent() {}

  /** The trace id, or "-" when the header is absent or malformed (never the raw header). */
  static String traceId(Metadata headers) {
    String value = headers.get(HEADER);
    if (value == null || value.length() > 512) {
      return "-";
    }
    var matcher = VALID.matcher(value.trim());
    if (!matcher.matches() || value.startsWith("ff") || matcher.group(1).equals(INVALID_TRACE_ID)) {
      return "-";
    }
    return matcher.group(1);
  }
}
