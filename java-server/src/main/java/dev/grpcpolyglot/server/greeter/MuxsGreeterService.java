package dev.grpcpolyglot.server.greeter;

import dev.grpcpolyglot.proto.muxs.GreeterGrpc;
import dev.grpcpolyglot.proto.muxs.HelloReply;
import dev.grpcpolyglot.proto.muxs.HelloRequest;
import dev.grpcpolyglot.proto.muxs.Number;
import dev.grpcpolyglot.server.error.Unary;
import dev.grpcpolyglot.server.lifecycle.NonBlockingService;
import io.grpc.stub.StreamObserver;

/**
 * {@code muxs.Greeter}, identical to helloworld.Greeter: greetings and square roots.
 * Pure computation, so it runs on the transport threads ({@link NonBlockingService}).
 */
public final class MuxsGreeterService extends GreeterGrpc.GreeterImplBase
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
