package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import io.grpc.Channel;
import java.time.Duration;

/** Calls {@code go_protoc.HelloService}. */
public final class HelloClient {
  private final HelloServiceGrpc.HelloServiceBlockingStub stub;
  private final long deadlineMillis;

  public HelloClient(Channel channel, Duration deadline) {
    this.stub = HelloServiceGrpc.newBlockingStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public HelloClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** Returns the server's reply, "hello:" + value. */
  public String hello(String value) {
    return stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue(value).build())
        .getValue();
  }
}
