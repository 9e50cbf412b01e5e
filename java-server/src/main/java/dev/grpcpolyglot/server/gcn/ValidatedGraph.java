package dev.grpcpolyglot.server.gcn;

/**
 * A graph that passed every check, ready for a {@link GcnNetwork}.
 *
 * @param adjacency Â over the de-duplicated undirected edges
 * @param features row-major node features widened to double, {@code adjacency.nodeCount() * width} values
 * @param width features per node (0 is allowed)
 */
@SuppressWarnings("ArrayRecordComponent") // features can be millions of doubles: never copied
public record ValidatedGraph(NormalizedAdjacency adjacency, double[] features, int width) {}
