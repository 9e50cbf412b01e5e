package dev.grpcpolyglot.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The benchmark load generators, apart from the client library they drive (run by
 * scripts/bench NAME): {@code java -jar java-bench/target/polyglot-bench.jar BENCH --target HOST:PORT}.
 * Each prints its numbers; every loop is bounded in count and time.
 */
@Command(name = "polyglot-bench", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = "Benchmarks a polyglot server over a real connection; name one benchmark.",
    subcommands = {ContactBench.class, FilesBenchCommand.class, GcnBenchCommand.class})
public final class BenchMain implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a benchmark: contact-bench, files-bench or gcn-bench");
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(new OutputStreamWriter(System.out, UTF_8), true),
        new PrintWriter(new OutputStreamWriter(System.err, UTF_8), true)));
  }

  /** Runs a benchmark with the given streams and returns its exit code (for tests and main). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return new CommandLine(new BenchMain()).setOut(out).setErr(err)
        // Later flags win, so scripts/bench contact -- --tasks N overrides its default sizes.
        .setOverwrittenOptionsAllowed(true)
        .execute(args);
  }
}
