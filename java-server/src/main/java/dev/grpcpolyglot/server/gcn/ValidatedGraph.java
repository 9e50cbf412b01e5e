package dev.grpcpolyglot.server.gcn;

/**
 * A graph that passed every check, ready for a {@link GcnNetwork}.
 *
 * @param ids node ids in the order the caller sent them (node index -> id)
 * @param adjacency Â over the de-duplicated undirected edges
 * @param features row-major node features widened to double, {@code ids.length * width} values
 * @param width features per node (0 is allowed)
 */
public record ValidatedGraph(String[] ids, NormalizedAdjacency adjacency, double[] features,
    int width) {}
