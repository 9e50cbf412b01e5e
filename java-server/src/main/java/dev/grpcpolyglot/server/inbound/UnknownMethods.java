package dev.grpcpolyglot.server.inbound;

import io.grpc.HandlerRegistry;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Answers calls to methods the server does not have. gRPC's own fallback answers UNIMPLEMENTED
 * before any interceptor runs, so with authentication on, a caller without credentials could
 * tell real methods (UNAUTHENTICATED) from made-up ones (UNIMPLEMENTED) and map the API while
 * reflection is locked. Routed here, unknown methods pass the same authentication first.
 */
public final class UnknownMethods extends HandlerRegistry {
  /** Marks the descriptors made here, so the auth interceptor can tell them apart. */
  private static final Object UNKNOWN = new Object();

  private static final MethodDescriptor.Marshaller<Object> IGNORED =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Object value) {
          return InputStream.nullInputStream();
        }

        @Override
        public Object parse(InputStream stream) {
          return UNKNOWN; // never read: the call is refused when it starts
        }
      };

  /** Whether {@code method} is one this registry made up for an unknown name. */
  public static boolean isUnknown(MethodDescriptor<?, ?> method) {
    return method.getSchemaDescriptor() == UNKNOWN;
  }

  @Override
  public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
    MethodDescriptor<Object, Object> method = MethodDescriptor.newBuilder(IGNORED, IGNORED)
        .setType(MethodDescriptor.MethodType.UNKNOWN)
        .setFullMethodName(methodName)
        .setSchemaDescriptor(UNKNOWN)
        .build();
    return ServerMethodDefinition.create(method, (call, headers) -> refuse(call, methodName));
  }

  private static ServerCall.Listener<Object> refuse(ServerCall<Object, Object> call, String name) {
    call.close(Status.UNIMPLEMENTED.withDescription("Method not found: " + name), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
