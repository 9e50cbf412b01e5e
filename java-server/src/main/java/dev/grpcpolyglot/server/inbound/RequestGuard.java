package dev.grpcpolyglot.server.inbound;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for requests of every method of every service: a message that cannot be parsed,
 * or is over its method's size limit, ends only its own call (INVALID_ARGUMENT or
 * RESOURCE_EXHAUSTED, naming which message and what was wrong) and the service sees a
 * cancellation, never the rest of that stream. Applied to a service definition as bound, so it
 * covers generated and custom marshallers alike, and the services stay unaware of it.
 */
public final class RequestGuard {
  private final MessageLimits limits;

  public RequestGuard(MessageLimits limits) {
    this.limits = limits;
  }

  /** {@code definition} with every method's marshaller and handler guarded. */
  public ServerServiceDefinition guard(ServerServiceDefinition definition) {
    ServiceDescriptor original = definition.getServiceDescriptor();
    ServiceDescriptor.Builder service = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor()); // reflection reads the .proto here
    List<ServerMethodDefinition<Object, Object>> methods = new ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      ServerMethodDefinition<Object, Object> guarded = guard(method);
      service.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  @SuppressWarnings("unchecked") // the guard passes requests and replies through untouched
  private ServerMethodDefinition<Object, Object> guard(ServerMethodDefinition<?, ?> method) {
    MethodDescriptor<Object, Object> original =
        (MethodDescriptor<Object, Object>) method.getMethodDescriptor();
    ServerCallHandler<Object, Object> handler =
        (ServerCallHandler<Object, Object>) method.getServerCallHandler();
    String name = original.getFullMethodName();
    MethodDescriptor<Object, Object> descriptor = original.toBuilder(
            new GuardedMarshaller(original.getRequestMarshaller(), limits.limitFor(name),
                requestTypeName(original)),
            original.getResponseMarshaller())
        .build();
    return ServerMethodDefinition.create(descriptor, (call, headers) -> {
      GuardedCall guarded = new GuardedCall(call);
      return new GuardedListener(handler.startCall(guarded, headers), guarded, name);
    });
  }

  /** The request's protobuf message name (e.g. "HelloRequest"), for error messages. */
  private static String requestTypeName(MethodDescriptor<?, ?> method) {
    if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier) {
      return supplier.getMethodDescriptor().getInputType().getName();
    }
    return "request";
  }
}
