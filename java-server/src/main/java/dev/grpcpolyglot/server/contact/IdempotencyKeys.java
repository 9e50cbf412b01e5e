package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Carries the {@code idempotency-key} request header of a Contact call to the submit handlers
 * (gRPC hands headers to interceptors only; the generated {@code bindService} is final, so the
 * server installs this one). The key is request metadata, not a message field, so the wire
 * contract of v0 stays as it was; the REST gateway maps HTTP {@code Idempotency-Key} to it.
 */
public final class IdempotencyKeys implements ServerInterceptor {
  static final Metadata.Key<String> HEADER =
      Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CURRENT = Context.key("idempotency-key");
  private static final String SERVICE = ContactGrpc.SERVICE_NAME;

  /** The raw key of the current call, or null when it sent none. */
  static String current() {
    return CURRENT.get();
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String key = headers.get(HEADER);
    if (key == null || !call.getMethodDescriptor().getServiceName().equals(SERVICE)) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(CURRENT, key), call, headers, next);
  }
}
