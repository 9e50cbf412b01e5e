package dev.grpcpolyglot.server.gcn;

import java.util.HashMap;
import java.util.Map;

/** {@link NodeIdIndex} for any {@link GraphSource}: a HashMap over the ids as Strings. */
final class StringNodeIdIndex implements NodeIdIndex {
  private final GraphSource graph;
  private final Map<String, Integer> indexById;

  StringNodeIdIndex(GraphSource graph) {
    this.graph = graph;
    // Sized up front so a large graph never rehashes while ids are inserted.
    this.indexById = new HashMap<>(Math.max(16, (int) (graph.nodeCount() / 0.75f) + 1));
  }

  @Override
  public int add(int node) {
    Integer previous = indexById.putIfAbsent(graph.nodeId(node), node);
    return previous == null ? -1 : previous;
  }

  @Override
  public int sourceOf(int edge) {
    Integer node = indexById.get(graph.edgeSourceId(edge));
    return node == null ? -1 : node;
  }

  @Override
  public int targetOf(int edge) {
    Integer node = indexById.get(graph.edgeTargetId(edge));
    return node == null ? -1 : node;
  }
}
