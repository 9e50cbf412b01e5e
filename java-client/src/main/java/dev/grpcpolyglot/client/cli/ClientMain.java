package dev.grpcpolyglot.client.cli;

import io.grpc.ManagedChannel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The client CLI. Without a subcommand it calls every RPC of the chosen services (default: all)
 * and prints each reply; it exits 1 if any call failed, 2 on a usage error.
 */
@Command(name = "polyglot-client", mixinStandardHelpOptions = true, showDefaultValues = true,
    sortOptions = false, usageHelpWidth = 100,
    description = "Calls the polyglot gRPC server: every RPC of the chosen services, or one subcommand.",
    subcommands = {GcnScoreCommand.class, WorkerCommand.class, SubmitCommand.class,
        StatusCommand.class, ChatCommand.class, ReadCommand.class, WriteCommand.class,
        UploadCommand.class, DownloadCommand.class, ListCommand.class,
        RouteGuideCommand.class, AddressBookCommand.class, GraphCommand.class,
        SquareCommand.class})
public final class ClientMain implements Callable<Integer> {
  /** Every demo, in the order they run. */
  static final Map<String, ServiceDemo> DEMOS = demos(
      new HelloDemo(), new GreeterDemo("helloworld"), new GreeterDemo("muxs"), new FilesDemo(),
      new GcnDemo(), new ContactDemo(),
      new HealthDemo());

  @Mixin ConnectionOptions connection;

  @picocli.CommandLine.Option(names = "--repeat", paramLabel = "N", defaultValue = "0",
      description = "Call each chosen service N times on one channel, print failures only,"
          + " then one summary line (calls, failures, calls per server address).")
  int repeat;

  @Parameters(paramLabel = "SERVICE", arity = "0..*",
      description = "Services to call (default: all): ${COMPLETION-CANDIDATES}",
      completionCandidates = DemoNames.class)
  List<String> services = new ArrayList<>();

  private final PrintStream out;
  private final PrintStream err;

  ClientMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Where subcommands print their results. */
  PrintStream out() {
    return out;
  }

  /** Where subcommands print progress, summaries and errors. */
  PrintStream err() {
    return err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the CLI with the given streams and returns its exit code (for tests and main). */
  @SuppressWarnings("DefaultCharset") // encodes as the wrapped PrintStream does (Java 17 has no
                                      // PrintStream.charset() to name it)
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new ClientMain(out, err));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setParameterExceptionHandler(CliErrors::usage);
    return cli.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    List<String> chosen = services.isEmpty() ? List.copyOf(DEMOS.keySet()) : services;
    for (String name : chosen) {
      if (!DEMOS.containsKey(name)) {
        err.println("error: unknown service '" + name + "'; choose from " + DEMOS.keySet());
        return 2;
      }
    }
    ManagedChannel channel;
    try {
      channel = connection.openChannel();
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      int failures = repeat > 0 ? runRepeated(channel, chosen) : 0;
      for (String name : repeat > 0 ? List.<String>of() : chosen) {
        failures += DEMOS.get(name).run(channel, connection.deadline(), out, err);
      }
      if (failures > 0) {
        err.println(failures + " call(s) failed");
        return 1;
      }
      return 0;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }

  /** --repeat: each demo {@code repeat} times, replies not printed, then the summary line. */
  private int runRepeated(ManagedChannel channel, List<String> chosen) {
    PeerCounts counts = new PeerCounts();
    io.grpc.Channel counted = io.grpc.ClientInterceptors.intercept(channel, counts);
    PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
    int failures = 0;
    for (String name : chosen) {
      for (int i = 0; i < repeat; i++) {
        failures += DEMOS.get(name).run(counted, connection.deadline(), quiet, err);
      }
    }
    out.println("repeat " + repeat + " x " + String.join(",", chosen) + ": " + counts.calls()
        + " calls, " + failures + " failed; by address: " + counts);
    return failures;
  }

  private static Map<String, ServiceDemo> demos(ServiceDemo... demos) {
    Map<String, ServiceDemo> byName = new LinkedHashMap<>();
    for (ServiceDemo demo : demos) {
      byName.put(demo.name(), demo);
    }
    return byName;
  }

  /** Lists the demo names in --help. */
  static final class DemoNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return DEMOS.keySet().iterator();
    }
  }
}
