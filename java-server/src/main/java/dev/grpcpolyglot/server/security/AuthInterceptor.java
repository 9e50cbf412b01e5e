package dev.grpcpolyglot.server.security;

import dev.grpcpolyglot.server.inbound.UnknownMethods;
import dev.grpcpolyglot.server.logging.AccessLog;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The one authentication and authorization gate. Open methods (health; reflection when so
 * configured) pass untouched. Every other call needs {@code authorization: Bearer <token>}:
 * missing or rejected → UNAUTHENTICATED; accepted but without the method's scope (or a method
 * with no scope defined) → PERMISSION_DENIED naming the scope. The token itself is never logged
 * or echoed back.
 */
public final class AuthInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final String BEARER = "bearer ";

  private final Authenticator authenticator;
  private final MethodScopes scopes;

  AuthInterceptor(Authenticator authenticator, MethodScopes scopes) {
    this.authenticator = authenticator;
    this.scopes = scopes;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    MethodScopes.Requirement requirement = scopes.lookup(method);
    if (requirement != null && requirement.isOpen()) {
      return next.startCall(call, headers);
    }
    String token = bearerToken(headers.get(AUTHORIZATION));
    if (token == null) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(
          "missing credentials: send metadata 'authorization: Bearer <token>'"));
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(token);
    } catch (AuthenticationException e) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
    }
    AccessLog.recordCaller(caller.name());
    if (requirement == null && UnknownMethods.isUnknown(call.getMethodDescriptor())) {
      return next.startCall(call, headers); // an authenticated caller learns it is UNIMPLEMENTED
    }
    if (requirement == null) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(
          "method " + method + " has no scope in the server's access table; denied by default"));
    }
    if (!caller.scopes().contains(requirement.scope())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription(
          "method " + method + " needs scope '" + requirement.scope() + "'; caller '"
              + caller.name() + "' has " + new TreeSet<>(caller.scopes())));
    }
    Context context = Context.current().withValue(Caller.CURRENT, caller);
    return Contexts.interceptCall(context, call, headers, next);
  }

  /** The token of an "authorization: Bearer <token>" header (scheme case-insensitive), or null. */
  static String bearerToken(String authorization) {
    if (authorization == null || authorization.length() <= BEARER.length()
        || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).strip();
    return token.isEmpty() ? null : token;
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(
      ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
