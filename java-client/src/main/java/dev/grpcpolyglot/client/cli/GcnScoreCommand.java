package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.ErrorDetails;
import dev.grpcpolyglot.client.GcnClient;
import dev.grpcpolyglot.client.GraphFiles;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GraphData graph;
    try {
      graph = GraphFiles.read(edges, features);
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    ManagedChannel channel = parent.connection.openChannel();
    try {
      Map<String, Float> scores =
          new GcnClient(channel, parent.connection.deadline()).processGraph(graph);
      for (Node node : graph.getNodesList()) {
        out.println(node.getId() + " "
            + String.format(Locale.ROOT, "%.6f", scores.get(node.getId())));
      }
      return 0;
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      err.println("GCNService/ProcessGraph FAILED: " + status.getCode()
          + (status.getDescription() == null ? "" : ": " + status.getDescription()));
      ErrorDetails.linesOf(e).forEach(err::println);
      return 1;
    } finally {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    }
  }
}
