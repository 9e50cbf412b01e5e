package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactClient;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code status ID...}: one line per task: id, state, deliveries, result. */
@Command(name = "status", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Show tasks' state and result (getTaskStatus); exit 1 if one is unknown.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TASK_ID", arity = "1..*", description = "Ids printed by submit.")
  List<String> taskIds;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    return ContactCommands.withChannel(parent.connection, spec.commandLine().getErr(), channel -> {
      ContactClient client = new ContactClient(channel, parent.connection.deadline());
      for (String id : taskIds) {
        TaskStatus status = client.getTaskStatus(id);
        out.println(status.getTaskId() + " " + status.getState().name().replace("TASK_STATE_", "")
            + " deliveries=" + status.getDeliveries() + " task=\"" + status.getTask() + "\""
            + (status.getResult().isEmpty() ? "" : " result=\"" + status.getResult() + "\""));
      }
      return 0;
    });
  }
}
