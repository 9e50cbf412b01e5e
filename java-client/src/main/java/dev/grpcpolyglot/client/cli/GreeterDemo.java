package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.GreeterClient;
import dev.grpcpolyglot.client.MuxsGreeterClient;
import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;

/** helloworld.Greeter or muxs.Greeter: SayHello("you") and Square(231). */
final class GreeterDemo implements ServiceDemo {
  private final String packageName;

  GreeterDemo(String packageName) {
    this.packageName = packageName;
  }

  @Override
  public String name() {
    return packageName.equals("helloworld") ? "greeter" : "muxs-greeter";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    DemoCalls calls = new DemoCalls(out, err);
    String prefix = packageName + ".Greeter/";
    if (packageName.equals("helloworld")) {
      GreeterClient client = new GreeterClient(channel, deadline);
      calls.call(prefix + "SayHello(\"you\")", () -> client.sayHello("you"));
      calls.call(prefix + "Square(231)", () -> client.square(231f));
    } else {
      MuxsGreeterClient client = new MuxsGreeterClient(channel, deadline);
      calls.call(prefix + "SayHello(\"you\")", () -> client.sayHello("you"));
      calls.call(prefix + "Square(231)", () -> client.square(231f));
    }
    return calls.failures();
  }
}
