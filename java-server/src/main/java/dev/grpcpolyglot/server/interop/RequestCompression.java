package dev.grpcpolyglot.server.interop;

import io.grpc.Context;
import io.grpc.Status;

/**
 * The {@code expect_compressed} check of the client compression cases: a request that says it
 * is compressed must have come compressed, else INVALID_ARGUMENT (the "probe" the
 * descriptions send first). grpc-java does not show a service the per-message compressed flag,
 * so the check uses the call's {@code grpc-encoding}: a message can only be compressed when the
 * client declared an encoding other than identity.
 */
final class RequestCompression {
  private static final Context.Key<Seen> KEY = Context.key("interop-request-compression");

  /** The encoding the client declared for this call's requests (null when none). */
  record Seen(String encoding) {
    /** INVALID_ARGUMENT when the request claims compression the call cannot carry; else null. */
    Status check(boolean expectCompressed) {
      boolean compressed = encoding != null && !encoding.equals("identity");
      if (expectCompressed && !compressed) {
        return Status.INVALID_ARGUMENT.withDescription(
            "expect_compressed is set but the request was not compressed");
      }
      return null;
    }
  }

  private RequestCompression() {}

  static Context attach(Context context, String encoding) {
    return context.withValue(KEY, new Seen(encoding));
  }

  /** What the current call declared; an uncompressed call when no interceptor ran. */
  static Seen current() {
    Seen seen = KEY.get();
    return seen == null ? new Seen(null) : seen;
  }

  /** {@link Seen#check} for the current call. */
  static Status check(boolean expectCompressed) {
    return current().check(expectCompressed);
  }
}
