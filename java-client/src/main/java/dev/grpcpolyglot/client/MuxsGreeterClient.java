package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.muxs.GreeterGrpc;
import dev.grpcpolyglot.proto.muxs.HelloRequest;
import dev.grpcpolyglot.proto.muxs.Number;
import io.grpc.Channel;
import java.time.Duration;

/** Calls {@code muxs.Greeter} (the same API as helloworld.Greeter, another package). */
public final class MuxsGreeterClient {
  private final GreeterGrpc.GreeterBlockingStub stub;
  private final long deadlineMillis;

  public MuxsGreeterClient(Channel channel, Duration deadline) {
    this.stub = GreeterGrpc.newBlockingStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public MuxsGreeterClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** Returns "Hello, " + name + "!". */
  public String sayHello(String name) {
    return stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .sayHello(HelloRequest.newBuilder().setName(name).build())
        .getMessage();
  }

  /** Returns the square ROOT of value (the contract's historical naming). */
  public float square(float value) {
    return stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .square(Number.newBuilder().setValue(value).build())
        .getValue();
  }
}
