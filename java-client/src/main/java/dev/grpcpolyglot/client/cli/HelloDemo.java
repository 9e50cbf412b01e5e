package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.HelloClient;
import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;

/** go_protoc.HelloService: Hello("test") -> hello:test. */
final class HelloDemo implements ServiceDemo {
  @Override
  public String name() {
    return "hello";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    HelloClient client = new HelloClient(channel, deadline);
    DemoCalls calls = new DemoCalls(out, err);
    calls.call("go_protoc.HelloService/Hello(\"test\")", () -> client.hello("test"));
    return calls.failures();
  }
}
