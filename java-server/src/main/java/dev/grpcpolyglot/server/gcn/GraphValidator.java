package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Checks a graph as sent and turns it into a {@link ValidatedGraph}. Every refusal names its
 * culprit (the node id, the edge index) so the caller can fix the request. Checks run cheapest
 * first: the size limits before any per-node work.
 */
final class GraphValidator {
  /** Edges per unit of parallel work and per cancellation checkpoint while resolving ids. */
  private static final int EDGE_CHUNK = 1 << 15;

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
          + " nodes, over this server's limit of " + maxNodes)
          .at("nodes").because("GRAPH_TOO_LARGE");
    }
    if (edgeCount > maxEdges) {
      throw new ProblemException(Problem.RESOURCE_EXHAUSTED, "graph has " + edgeCount
          + " edges, over this server's limit of " + maxEdges)
          .at("edges").because("GRAPH_TOO_LARGE");
    }
    NodeIdIndex index = graph.newNodeIdIndex();
    int width = nodeCount == 0 ? 0 : graph.featureCount(0);
    checkWidthMatchesNetwork(nodeCount, width);
    double[] features = new double[Math.multiplyExact(nodeCount, width)];
    for (int node = 0; node < nodeCount; node++) {
      if (graph.nodeIdIsEmpty(node)) {
        throw ProblemException.invalidArgument("node " + node + " has an empty id")
            .at("nodes[" + node + "].id").because("EMPTY_NODE_ID");
      }
      int previous = index.add(node);
      if (previous >= 0) {
        throw ProblemException.invalidArgument("duplicate node id " + quote(graph.nodeId(node))
            + " (nodes " + previous + " and " + node + ")")
            .at("nodes[" + node + "].id").because("DUPLICATE_NODE_ID");
      }
      readFeatures(graph, node, width, features);
    }
    cancellation.check("node validation");
    int[] sources = new int[edgeCount];
    int[] targets = new int[edgeCount];
    resolveEdges(graph, index, sources, targets, cancellation);
    NormalizedAdjacency adjacency =
        NormalizedAdjacency.fromEdges(nodeCount, sources, targets, edgeCount, cancellation);
    return new ValidatedGraph(adjacency, features, width);
  }

  private void checkWidthMatchesNetwork(int nodeCount, int width) {
    if (nodeCount > 0 && requiredWidth >= 0 && width != requiredWidth) {
      throw ProblemException.invalidArgument("nodes have " + width
          + " features but the server's model expects " + requiredWidth)
          .at("nodes[0].features").because("FEATURE_COUNT_MISMATCH");
    }
  }

  private static void readFeatures(GraphSource graph, int node, int width, double[] features) {
    int count = graph.featureCount(node);
    if (count != width) {
      throw ProblemException.invalidArgument("node " + quote(graph.nodeId(node)) + " has " + count
          + " features but node " + quote(graph.nodeId(0)) + " has " + width
          + "; every node needs the same count")
          .at("nodes[" + node + "].features").because("FEATURE_COUNT_MISMATCH");
    }
    int base = node * width;
    for (int k = 0; k < width; k++) {
      float value = graph.feature(node, k);
      if (!Float.isFinite(value)) {
        throw ProblemException.invalidArgument("node " + quote(graph.nodeId(node)) + " feature "
            + k + " is " + (Float.isNaN(value) ? "NaN" : "infinite") + "; features must be finite")
            .at("nodes[" + node + "].features[" + k + "]").because("NON_FINITE_FEATURE");
      }
      features[base + k] = value;
    }
  }

  /**
   * Turns every edge's two ids into node indices. This is the hot spot of a large request (two
   * hash lookups per edge, each a few cache misses), so chunks of edges run in parallel on the
   * common fork-join pool; the index is only read here, which it allows concurrently. Each
   * chunk stops at its first unknown id and the lowest edge index wins, so the error names
   * the same edge as a sequential scan would.
   */
  private static void resolveEdges(GraphSource graph, NodeIdIndex index,
      int[] sources, int[] targets, Cancellation cancellation) {
    int edgeCount = sources.length;
    int chunks = (edgeCount + EDGE_CHUNK - 1) / EDGE_CHUNK;
    // The first unknown endpoint as edge * 2 + (0 for source_id, 1 for target_id).
    AtomicLong firstUnknown = new AtomicLong(Long.MAX_VALUE);
    IntStream stream = IntStream.range(0, chunks);
    (chunks > 1 ? stream.parallel() : stream).forEach(chunk -> {
      cancellation.check("edge validation");
      int end = Math.min(edgeCount, (chunk + 1) * EDGE_CHUNK);
      for (int edge = chunk * EDGE_CHUNK; edge < end; edge++) {
        int source = index.sourceOf(edge);
        int target = index.targetOf(edge);
        if (source < 0 || target < 0) {
          long endpoint = 2L * edge + (source < 0 ? 0 : 1);
          firstUnknown.accumulateAndGet(endpoint, Math::min);
          return;
        }
        sources[edge] = source;
        targets[edge] = target;
      }
    });
    long unknown = firstUnknown.get();
    if (unknown != Long.MAX_VALUE) {
      int edge = (int) (unknown / 2);
      boolean isSource = unknown % 2 == 0;
      String id = isSource ? graph.edgeSourceId(edge) : graph.edgeTargetId(edge);
      String field = isSource ? "source_id" : "target_id";
      throw ProblemException.invalidArgument("edge " + edge + " " + field + " " + quote(id)
          + " is not a node id of this graph")
          .at("edges[" + edge + "]." + field).because("UNKNOWN_NODE_ID");
    }
  }

  /** Quotes an id for a message, cut short so a huge id cannot bloat the status. */
  static String quote(String id) {
    return "\"" + (id.length() > 100 ? id.substring(0, 100) + "..." : id) + "\"";
  }
}
