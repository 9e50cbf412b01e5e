package dev.grpcpolyglot.server.gcn;

/**
 * Node ids of one graph indexed for lookup: the validator adds every node in order (finding
 * duplicates), then resolves each edge's two ids to node indices. Lookups may run on several
 * threads at once once every node has been added.
 */
public interface NodeIdIndex {
  /** Adds node {@code node}'s id; returns the earlier node with the same id, or -1. */
  int add(int node);

  /** The node whose id is edge {@code edge}'s source_id, or -1 if none. */
  int sourceOf(int edge);

  /** The node whose id is edge {@code edge}'s target_id, or -1 if none. */
  int targetOf(int edge);
}
