package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.GraphData;

/**
 * {@link GraphSource} over a message parsed by the generated code: the reference the tests
 * compare the served path ({@link WireGraphParser}'s reading of the same bytes) against.
 */
final class ProtoGraphSource implements GraphSource {
  private final GraphData graph;

  ProtoGraphSource(GraphData graph) {
    this.graph = graph;
  }

  @Override
  public int nodeCount() {
    return graph.getNodesCount();
  }

  @Override
  public String nodeId(int node) {
    return graph.getNodes(node).getId();
  }

  @Override
  public int featureCount(int node) {
    return graph.getNodes(node).getFeaturesCount();
  }

  @Override
  public float feature(int node, int index) {
    return graph.getNodes(node).getFeatures(index);
  }

  @Override
  public int edgeCount() {
    return graph.getEdgesCount();
  }

  @Override
  public String edgeSourceId(int edge) {
    return graph.getEdges(edge).getSourceId();
  }

  @Override
  public String edgeTargetId(int edge) {
    return graph.getEdges(edge).getTargetId();
  }
}
