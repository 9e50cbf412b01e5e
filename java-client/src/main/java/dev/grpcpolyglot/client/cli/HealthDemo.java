package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.HealthClient;
import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** grpc.health.v1.Health/Check for the server and for every contract service. */
final class HealthDemo implements ServiceDemo {
  static final List<String> CONTRACT_SERVICES = List.of(
      "go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter", "muxs.FileController",
      "GCNService", "Contact");

  @Override
  public String name() {
    return "health";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    HealthClient client = new HealthClient(channel, deadline);
    DemoCalls calls = new DemoCalls(out, err);
    calls.call("grpc.health.v1.Health/Check(\"\")", () -> client.check(""));
    for (String service : CONTRACT_SERVICES) {
      calls.call("grpc.health.v1.Health/Check(\"" + service + "\")", () -> client.check(service));
    }
    return calls.failures();
  }
}
