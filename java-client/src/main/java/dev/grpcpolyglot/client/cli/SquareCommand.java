package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.proto.helloworld.GreeterGrpc;
import dev.grpcpolyglot.proto.helloworld.Number;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code square --value X}: helloworld.Greeter/Square with a chosen value. */
@Command(name = "square", mixinStandardHelpOptions = true,
    description = "Calls helloworld.Greeter/Square and prints the reply (the square ROOT of the "
        + "value, as the reference always answered) with six decimals.")
final class SquareCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Option(names = "--value", required = true, paramLabel = "NUMBER",
      description = "The value sent (finite and >= 0, or the server refuses it).")
  float value;

  @Override
  public Integer call() throws Exception {
    return ContactCommands.withChannel(parent.connection, spec.commandLine().getErr(), channel -> {
      long millis = parent.connection.deadline().toMillis();
      Number reply = GreeterGrpc.newBlockingStub(channel)
          .withDeadlineAfter(millis, TimeUnit.MILLISECONDS)
          .square(Number.newBuilder().setValue(value).build());
      spec.commandLine().getOut().println(String.format(Locale.ROOT, "%.6f", reply.getValue()));
      return 0;
    });
  }
}
