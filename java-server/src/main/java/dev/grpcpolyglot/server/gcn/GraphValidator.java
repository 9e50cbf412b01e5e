package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a graph as sent and turns it into a {@link ValidatedGraph}. Every refusal names its
 * culprit (the node id, the edge index) so the caller can fix the request. Checks run cheapest
 * first: the size limits before any per-node work.
 */
final class GraphValidator {
  /** Edges between two cancellation checkpoints while resolving ids. */
  private static final int EDGE_CHECK_INTERVAL = 1 << 16;

  private final int maxNodes;
  private final int maxEdges;
  private final int requiredWidth;

  /**
   * @param requiredWidth the feature count the network needs, or -1 for any
   */
  GraphValidator(int maxNodes, int maxEdges, int requiredWidth) {
    this.maxNodes = maxNodes;
    this.maxEdges = maxEdges;
    this.requiredWidth = requiredWidth;
  }

  ValidatedGraph validate(GraphSource graph, Cancellation cancellation) {
    int nodeCount = graph.nodeCount();
    int edgeCount = graph.edgeCount();
    if (nodeCount > maxNodes) {
      throw new ProblemException(Problem.RESOURCE_EXHAUSTED, "graph has " + nodeCount
          + " nodes, over this server's limit of " + maxNodes);
    }
    if (edgeCount > maxEdges) {
      throw new ProblemException(Problem.RESOURCE_EXHAUSTED, "graph has " + edgeCount
          + " edges, over this server's limit of " + maxEdges);
    }
    String[] ids = new String[nodeCount];
    // Sized up front so a large graph never rehashes while ids are inserted.
    Map<String, Integer> indexById = new HashMap<>(Math.max(16, (int) (nodeCount / 0.75f) + 1));
    int width = nodeCount == 0 ? 0 : graph.featureCount(0);
    checkWidthMatchesNetwork(nodeCount, width);
    double[] features = new double[Math.multiplyExact(nodeCount, width)];
    for (int node = 0; node < nodeCount; node++) {
      String id = graph.nodeId(node);
      if (id.isEmpty()) {
        throw ProblemException.invalidArgument("node " + node + " has an empty id");
      }
      Integer previous = indexById.putIfAbsent(id, node);
      if (previous != null) {
        throw ProblemException.invalidArgument("duplicate node id " + quote(id) + " (nodes "
            + previous + " and " + node + ")");
      }
      ids[node] = id;
      readFeatures(graph, node, width, ids[0], features);
    }
    cancellation.check("node validation");
    int[] sources = new int[edgeCount];
    int[] targets = new int[edgeCount];
    for (int edge = 0; edge < edgeCount; edge++) {
      sources[edge] = resolve(indexById, graph.edgeSourceId(edge), edge, "source_id");
      targets[edge] = resolve(indexById, graph.edgeTargetId(edge), edge, "target_id");
      if ((edge + 1) % EDGE_CHECK_INTERVAL == 0) {
        cancellation.check("edge validation");
      }
    }
    NormalizedAdjacency adjacency =
        NormalizedAdjacency.fromEdges(nodeCount, sources, targets, edgeCount, cancellation);
    return new ValidatedGraph(ids, adjacency, features, width);
  }

  private void checkWidthMatchesNetwork(int nodeCount, int width) {
    if (nodeCount > 0 && requiredWidth >= 0 && width != requiredWidth) {
      throw ProblemException.invalidArgument("nodes have " + width
          + " features but the server's model expects " + requiredWidth);
    }
  }

  private static void readFeatures(GraphSource graph, int node, int width, String firstId,
      double[] features) {
    int count = graph.featureCount(node);
    if (count != width) {
      throw ProblemException.invalidArgument("node " + quote(graph.nodeId(node)) + " has " + count
          + " features but node " + quote(firstId) + " has " + width
          + "; every node needs the same count");
    }
    int base = node * width;
    for (int k = 0; k < width; k++) {
      float value = graph.feature(node, k);
      if (!Float.isFinite(value)) {
        throw ProblemException.invalidArgument("node " + quote(graph.nodeId(node)) + " feature "
            + k + " is " + (Float.isNaN(value) ? "NaN" : "infinite") + "; features must be finite");
      }
      features[base + k] = value;
    }
  }

  private static int resolve(Map<String, Integer> indexById, String id, int edge, String field) {
    Integer index = indexById.get(id);
    if (index == null) {
      throw ProblemException.invalidArgument("edge " + edge + " " + field + " " + quote(id)
          + " is not a node id of this graph");
    }
    return index;
  }

  /** Quotes an id for a message, cut short so a huge id cannot bloat the status. */
  static String quote(String id) {
    return "\"" + (id.length() > 100 ? id.substring(0, 100) + "..." : id) + "\"";
  }
}
