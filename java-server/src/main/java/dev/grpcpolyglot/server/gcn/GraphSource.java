package dev.grpcpolyglot.server.gcn;

/**
 * A read-only view of a graph as a caller sent it, before any validation: the service adapts
 * the request to it without copying, and tests build one from arrays. Indexed access with
 * primitive features keeps a million-edge graph free of boxing.
 */
public interface GraphSource {
  int nodeCount();

  String nodeId(int node);

  int featureCount(int node);

  float feature(int node, int index);

  int edgeCount();

  String edgeSourceId(int edge);

  String edgeTargetId(int edge);

  /** Whether node {@code node}'s id is empty (a source that holds bytes need not decode it). */
  default boolean nodeIdIsEmpty(int node) {
    return nodeId(node).isEmpty();
  }

  /**
   * A fresh, empty index of this graph's node ids. The default hashes Strings; a source that
   * holds ids as bytes overrides it so a million edge ids never become Strings.
   */
  default NodeIdIndex newNodeIdIndex() {
    return new StringNodeIdIndex(this);
  }
}
