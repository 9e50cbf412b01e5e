package dev.grpcpolyglot.server.gcn;

/**
 * Settings of the GCN service.
 *
 * @param network the network every graph is scored with: the identity-weight default, or the
 *     trained weights of a model file (already loaded and validated)
 * @param maxNodes graphs with more nodes are refused with RESOURCE_EXHAUSTED
 * @param maxEdges graphs with more edges (counted as sent, before de-duplication) are refused
 *     with RESOURCE_EXHAUSTED
 */
public record GcnConfig(GcnNetwork network, int maxNodes, int maxEdges) {
  /** Room for the 100k-node / 1M-edge benchmark graph with a margin. */
  public static final int DEFAULT_MAX_NODES = 1_000_000;
  /** Twice the 1M-edge goal; the server's message size limit usually binds first. */
  public static final int DEFAULT_MAX_EDGES = 2_000_000;

  public GcnConfig {
    if (network == null) {
      throw new IllegalArgumentException("GCN network must not be null");
    }
    if (maxNodes <= 0) {
      throw new IllegalArgumentException("--gcn-max-nodes must be positive, got " + maxNodes);
    }
    if (maxEdges < 0) {
      throw new IllegalArgumentException("--gcn-max-edges must not be negative, got " + maxEdges);
    }
  }

  /** The identity-weight network and the default limits. */
  public static GcnConfig defaults() {
    return new GcnConfig(IdentityGcn.INSTANCE, DEFAULT_MAX_NODES, DEFAULT_MAX_EDGES);
  }

  public GcnConfig withNetwork(GcnNetwork newNetwork) {
    return new GcnConfig(newNetwork, maxNodes, maxEdges);
  }

  public GcnConfig withLimits(int newMaxNodes, int newMaxEdges) {
    return new GcnConfig(network, newMaxNodes, newMaxEdges);
  }
}
