package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.GcnClient;
import dev.grpcpolyglot.client.GraphFiles;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code graph FILE}: scores a GraphData JSON file, as the Python and Go CLIs do. */
@Command(name = "graph", mixinStandardHelpOptions = true, usageHelpWidth = 100,
    description = {"Scores the graph in FILE with GCNService and prints 'ID SCORE' per node, "
        + "in the order of the file.",
        "FILE: the proto3 JSON mapping of GraphData, as grpcurl and the gateway take it: "
        + "{\"nodes\": [{\"id\": \"a\", \"features\": [1, 0]}], "
        + "\"edges\": [{\"sourceId\": \"a\", \"targetId\": \"b\"}]}."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:scored", "1:the call failed", "2:usage error or unreadable file"})
final class GraphCommand implements Callable<Integer> {
  @ParentCommand ClientMain parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "GraphData as JSON.")
  Path file;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GraphData graph;
    try {
      graph = GraphFiles.readJson(file);
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + CliErrors.oneLine(e));
      return 2;
    }
    return scoreAndPrint(parent.connection, graph, out, err);
  }

  /**
   * Scores {@code graph} and prints "ID SCORE" per node in its order; a failed call prints
   * "error: CODE: message" and its details and returns 1 (gcn-score answers the same way).
   */
  static int scoreAndPrint(ConnectionOptions connection, GraphData graph, PrintWriter out,
      PrintWriter err) throws Exception {
    return ContactCommands.withChannel(connection, err, channel -> {
      Map<String, Float> scores = new GcnClient(channel, connection.deadline()).processGraph(graph);
      for (Node node : graph.getNodesList()) {
        out.println(node.getId() + " "
            + String.format(Locale.ROOT, "%.6f", scores.get(node.getId())));
      }
      return 0;
    });
  }
}
