package dev.grpcpolyglot.server.gcn;

/**
 * A two-layer GCN: turns node features into one score per node over a normalized adjacency.
 * Implementations are immutable and safe to share between concurrent calls.
 */
public interface GcnNetwork {
  /**
   * The feature count this network needs, or -1 if it takes any (the identity-weight default).
   */
  int inputWidth();

  /**
   * Scores every node.
   *
   * @param adjacency Â of the graph
   * @param features row-major node features, {@code adjacency.nodeCount() * width} values
   * @param width features per node (equal to {@link #inputWidth()} when that is not -1)
   * @return one score in (0, 1) per node, in node order
   */
  double[] scores(NormalizedAdjacency adjacency, double[] features, int width,
      Cancellation cancellation);
}
