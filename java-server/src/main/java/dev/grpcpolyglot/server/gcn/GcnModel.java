package dev.grpcpolyglot.server.gcn;

/**
 * Scores graphs: validates what the caller sent (limits, ids, features, edges), builds the
 * normalized adjacency and runs the configured network. Plain Java with no gRPC types; failures
 * are {@link dev.grpcpolyglot.server.error.ProblemException}s. Immutable and thread-safe.
 */
public final class GcnModel {
  private final GcnNetwork network;
  private final GraphValidator validator;

  public GcnModel(GcnConfig config) {
    this.network = config.network();
    this.validator =
        new GraphValidator(config.maxNodes(), config.maxEdges(), network.inputWidth());
  }

  /**
   * One score per node, in (0, 1), in the order the nodes were sent ({@code graph.nodeId(i)}
   * scores {@code [i]}). The work checks {@code cancellation} between stages and row blocks and
   * stops (CANCELLED) once the caller has gone away.
   */
  public double[] score(GraphSource graph, Cancellation cancellation) {
    ValidatedGraph valid = validator.validate(graph, cancellation);
    cancellation.check("first layer");
    return network.scores(valid.adjacency(), valid.features(), valid.width(), cancellation);
  }
}
