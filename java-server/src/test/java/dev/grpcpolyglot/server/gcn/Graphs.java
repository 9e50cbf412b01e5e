package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;

/** Small builders for request messages in tests. */
final class Graphs {
  private Graphs() {}

  static Node node(String id, float... features) {
    Node.Builder node = Node.newBuilder().setId(id);
    for (float f : features) {
      node.addFeatures(f);
    }
    return node.build();
  }

  static Edge edge(String source, String target) {
    return Edge.newBuilder().setSourceId(source).setTargetId(target).build();
  }

  /** docs/services.md's worked example: both scores sigmoid(0.35) = 0.586618. */
  static GraphData workedExample() {
    return GraphData.newBuilder()
        .addNodes(node("node1", 0.1f, 0.2f, 0.3f))
        .addNodes(node("node2", 0.4f, 0.5f, 0.6f))
        .addEdges(edge("node1", "node2"))
        .build();
  }
}
