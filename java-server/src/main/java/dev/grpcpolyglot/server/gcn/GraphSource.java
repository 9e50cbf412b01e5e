package dev.grpcpolyglot.server.gcn;

/**
 * A read-only view of a graph as a caller sent it, before any validation: the service adapts
 * the request message to it without copying, and tests build one from arrays. Indexed access
 * with primitive features keeps a million-edge graph free of boxing.
 */
public interface GraphSource {
  int nodeCount();

  String nodeId(int node);

  int featureCount(int node);

  float feature(int node, int index);

  int edgeCount();

  String edgeSourceId(int edge);

  String edgeTargetId(int edge);
}
