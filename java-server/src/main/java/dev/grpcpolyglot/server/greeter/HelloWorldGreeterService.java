package dev.grpcpolyglot.server.greeter;

import dev.grpcpolyglot.proto.helloworld.GreeterGrpc;
import dev.grpcpolyglot.proto.helloworld.HelloReply;
import dev.grpcpolyglot.proto.helloworld.HelloRequest;
import dev.grpcpolyglot.proto.helloworld.Number;
import dev.grpcpolyglot.server.error.Unary;
import dev.grpcpolyglot.server.lifecycle.NonBlockingService;
import io.grpc.stub.StreamObserver;

/**
 * {@code helloworld.Greeter}: greetings and square roots.
 * Pure computation, so it runs on the transport threads ({@link NonBlockingService}).
 */
public final class HelloWorldGreeterService extends GreeterGrpc.GreeterImplBase
    implements NonBlockingService {

  /** SayHello returns "Hello, " + name + "!". */
  @Override
  public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
    Unary.respond(responseObserver,
        () -> HelloReply.newBuilder().setMessage(Greetings.greet(request.getName())).build());
  }

  /** Square returns the square root (see {@link Greetings#squareRoot}). */
  @Override
  public void square(Number request, StreamObserver<Number> responseObserver) {
    Unary.respond(responseObserver,
        () -> Number.newBuilder().setValue(Greetings.squareRoot(request.getValue())).build());
  }
}
