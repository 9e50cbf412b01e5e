package dev.grpcpolyglot.server.logging;

import io.grpc.Status;

/**
 * The facts of one finished call, captured on the call's thread and formatted later by the
 * access log's writer, so the call pays for a small object and a queue offer, not for formatting.
 */
record AccessLine(long epochMillis, String method, String peer, String caller,
    Status.Code status, long durationNanos, long messagesIn, long messagesOut, String traceId) {

  boolean ok() {
    return status == Status.Code.OK;
  }

  /**
   * The message, every caller-influenced field escaped and capped:
   * {@code rpc=... peer=... caller=... status=OK duration_ms=2.4 in=1 out=1 trace=-}.
   */
  void appendMessage(StringBuilder out) {
    out.append("rpc=");
    LogText.appendField(out, method);
    out.append(" peer=");
    LogText.appendField(out, peer);
    out.append(" caller=");
    LogText.appendField(out, caller);
    out.append(" status=").append(status.name());
    // Tenths of a millisecond, rounded half up as String.format's %.1f did.
    long tenths = (durationNanos + 50_000) / 100_000;
    out.append(" duration_ms=").append(tenths / 10).append('.').append(tenths % 10);
    out.append(" in=").append(messagesIn).append(" out=").append(messagesOut);
    out.append(" trace=");
    LogText.appendField(out, traceId);
  }

  String message() {
    StringBuilder out = new StringBuilder(160);
    appendMessage(out);
    return out.toString();
  }
}
