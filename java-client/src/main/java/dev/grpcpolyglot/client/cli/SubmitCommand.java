package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactClient;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code submit TASK...}: queues each task and prints its id, one per line. */
@Command(name = "submit", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Queue tasks on Contact (submitTask); prints one task id per line.")
final class SubmitCommand implements Callable<Integer> {
  @Mixin ConnectionOptions connection;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TASK", arity = "1..*",
      description = "Task texts, e.g. \"reverse polyglot\", \"upper grpc\", \"sum 1 2 3\".")
  List<String> tasks;

  @Override
  public Integer call() throws Exception {
    return ContactCommands.withChannel(connection, spec.commandLine().getErr(), channel -> {
      ContactClient client = new ContactClient(channel, connection.deadline());
      for (String task : tasks) {
        spec.commandLine().getOut().println(client.submitTask(task));
      }
      return 0;
    });
  }
}
