package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.GcnClient;
import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import io.grpc.Channel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** GCNService/ProcessGraph on docs/services.md's worked example: both scores 0.586618. */
final class GcnDemo implements ServiceDemo {
  static final GraphData WORKED_EXAMPLE = GraphData.newBuilder()
      .addNodes(Node.newBuilder().setId("node1").addAllFeatures(List.of(0.1f, 0.2f, 0.3f)))
      .addNodes(Node.newBuilder().setId("node2").addAllFeatures(List.of(0.4f, 0.5f, 0.6f)))
      .addEdges(Edge.newBuilder().setSourceId("node1").setTargetId("node2"))
      .build();

  @Override
  public String name() {
    return "gcn";
  }

  @Override
  public int run(Channel channel, Duration deadline, PrintStream out, PrintStream err) {
    GcnClient client = new GcnClient(channel, deadline);
    DemoCalls calls = new DemoCalls(out, err);
    calls.call("GCNService/ProcessGraph(node1[0.1,0.2,0.3] -- node2[0.4,0.5,0.6])",
        () -> format(client.processGraph(WORKED_EXAMPLE)));
    return calls.failures();
  }

  private static String format(Map<String, Float> scores) {
    StringBuilder text = new StringBuilder("{");
    new TreeMap<>(scores).forEach((id, score) -> text.append(text.length() > 1 ? ", " : "")
        .append(id).append('=').append(String.format(Locale.ROOT, "%.6f", score)));
    return text.append('}').toString();
  }
}
