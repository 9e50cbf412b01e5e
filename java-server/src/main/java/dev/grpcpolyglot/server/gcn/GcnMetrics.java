package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.metrics.DomainMetrics;

/** What ProcessGraph reports per scored graph: its size and the time it took. */
final class GcnMetrics {
  private final DomainMetrics.Histogram nodes;
  private final DomainMetrics.Histogram edges;
  private final DomainMetrics.Histogram computeSeconds;

  GcnMetrics(DomainMetrics metrics) {
    this.nodes = metrics.histogram("polyglot.gcn.graph.nodes", "{node}",
        "Nodes per graph scored by ProcessGraph");
    this.edges = metrics.histogram("polyglot.gcn.graph.edges", "{edge}",
        "Edges per graph scored by ProcessGraph");
    this.computeSeconds = metrics.histogram("polyglot.gcn.compute.duration", "s",
        "Time to parse and score one graph, without the network");
  }

  void scored(int nodeCount, int edgeCount, long elapsedNanos) {
    nodes.record(nodeCount);
    edges.record(edgeCount);
    computeSeconds.record(elapsedNanos / 1e9);
  }
}
