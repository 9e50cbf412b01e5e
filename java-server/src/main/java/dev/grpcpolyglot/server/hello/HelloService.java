package dev.grpcpolyglot.server.hello;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.hello.String;
import dev.grpcpolyglot.server.lifecycle.NonBlockingService;
import io.grpc.stub.StreamObserver;

/**
 * {@code go_protoc.HelloService}: answers "hello:" + value.
 * Pure computation, so it runs on the transport threads ({@link NonBlockingService}).
 */
public final class HelloService extends HelloServiceGrpc.HelloServiceImplBase
    implements NonBlockingService {
  static final java.lang.String PREFIX = "hello:";

  /** Hello returns String{value: "hello:" + request.value}. Any string is valid input. */
  @Override
  public void hello(String request, StreamObserver<String> responseObserver) {
    responseObserver.onNext(String.newBuilder().setValue(PREFIX + request.getValue()).build());
    responseObserver.onCompleted();
  }
}
