package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.GraphFiles;
import dev.grpcpolyglot.proto.gcn.GraphData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gcn-score}: sends a graph read from files to GCNService and prints each node's score. */
@Command(name = "gcn-score", mixinStandardHelpOptions = true, sortOptions = false,
    usageHelpWidth = 100,
    description = {"Scores a graph with GCNService and prints 'ID SCORE' per node, in the order "
        + "of the features file.",
        "Files: UTF-8, '#' comments, fields separated by spaces, tabs or commas; "
        + "features: 'ID F1 F2 ...' per node; edges: 'SOURCE_ID TARGET_ID' per edge."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:scored", "1:the call failed", "2:usage error or unreadable file"})
final class GcnScoreCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;

  @Option(names = "--edges", paramLabel = "FILE", required = true,
      description = "Edge list: one 'SOURCE_ID TARGET_ID' per line.")
  Path edges;

  @Option(names = "--features", paramLabel = "FILE", required = true,
      description = "Nodes and features: one 'ID F1 F2 ...' per line.")
  Path features;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GraphData graph;
    try {
      graph = GraphFiles.read(edges, features);
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + CliErrors.oneLine(e));
      return 2;
    }
    return GraphCommand.scoreAndPrint(parent.connection, graph, out, err);
  }
}
