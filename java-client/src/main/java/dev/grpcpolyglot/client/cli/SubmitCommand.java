package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ContactClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code submit TASK...} or {@code submit --stdin}: queues the tasks on one submitTasks stream
 * (one call, however many tasks) and prints each id, one per line, as its receipt arrives.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Queue tasks on Contact (one submitTasks stream); prints one task id per line,"
        + " in order.")
final class SubmitCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TASK", arity = "0..*",
      description = "Task texts, e.g. \"reverse polyglot\", \"upper grpc\", \"sum 1 2 3\".")
  List<String> tasks = List.of();

  @Option(names = "--stdin",
      description = "Also submit each line of standard input (after the TASK arguments), as it is read.")
  boolean fromStdin;

  @Option(names = "--session", paramLabel = "SECONDS", defaultValue = "3600",
      description = "Deadline of the whole submission (it is one call) with --stdin, in seconds;"
          + " without it, --deadline applies.")
  double sessionSeconds;

  private final InputStream in;

  SubmitCommand() {
    this(System.in);
  }

  SubmitCommand(InputStream in) {
    this.in = in;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (tasks.isEmpty() && !fromStdin) {
      spec.commandLine().getErr().println("error: give at least one TASK, or --stdin");
      return 2;
    }
    return ContactCommands.withChannel(parent.connection, spec.commandLine().getErr(), channel -> {
      Duration deadline = fromStdin
          ? Duration.ofMillis(Math.round(sessionSeconds * 1000))
          : parent.connection.deadline();
      Iterator<String> source = tasks.iterator();
      if (fromStdin) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        source = new Concat<>(source, lines.lines().iterator());
      }
      new ContactClient(channel, deadline).submitTasks(source, id -> {
        synchronized (out) {
          out.println(id);
          out.flush();
        }
      });
      return 0;
    });
  }

  /** The arguments, then the lines (lazily: a line is read only when the stream can take it). */
  private record Concat<T>(Iterator<T> first, Iterator<T> then) implements Iterator<T> {
    @Override
    public boolean hasNext() {
      return first.hasNext() || then.hasNext();
    }

    @Override
    public T next() {
      return first.hasNext() ? first.next() : then.next();
    }
  }
}
