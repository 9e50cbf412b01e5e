package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactWorker;
import dev.grpcpolyglot.client.TaskWork;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import io.grpc.Status;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code worker}: takes Contact tasks (reverse/upper/sum, else echoes), reports each result, and
 * reconnects with exponential backoff when the stream breaks; stops after --max-tasks or Ctrl-C.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Work Contact tasks (getTask + tellResult), reconnecting with backoff.")
final class WorkerCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Option(names = "--max-tasks", paramLabel = "N", defaultValue = "0",
      description = "Stop after N tasks (0 = until interrupted).")
  long maxTasks;

  @Option(names = "--initial-backoff", paramLabel = "SECONDS", defaultValue = "0.2",
      description = "First wait before reconnecting; doubles per failed attempt.")
  double initialBackoffSeconds;

  @Option(names = "--max-backoff", paramLabel = "SECONDS", defaultValue = "10",
      description = "Longest wait between reconnect attempts.")
  double maxBackoffSeconds;

  @Option(names = "--quiet", description = "Do not print a line per task.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return ContactCommands.withChannel(parent.connection, err, channel -> {
      ContactWorker worker = new ContactWorker(channel, task -> TaskWork.perform(task.getTask()),
          maxTasks, seconds(initialBackoffSeconds), seconds(maxBackoffSeconds),
          new ContactWorker.Events() {
            @Override
            public void taskDone(ServerMsg task, String result) {
              if (!quiet) {
                out.println("task " + task.getTaskId() + " \"" + task.getTask() + "\" -> " + result);
                out.flush();
              }
            }

            @Override
            public void disconnected(Status status, Duration retryIn) {
              err.println("getTask ended (" + status.getCode()
                  + (status.getDescription() == null ? "" : ": " + status.getDescription())
                  + "); reconnecting in " + retryIn.toMillis() + " ms");
              err.flush();
            }
          });
      long done = worker.run();
      err.println(done + " task(s) done");
      return 0;
    });
  }

  private static Duration seconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
