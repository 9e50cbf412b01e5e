package dev.grpcpolyglot.server.gcn;

import static dev.grpcpolyglot.server.gcn.Graphs.edge;
import static dev.grpcpolyglot.server.gcn.Graphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sparse implementation, called through a real stub, against {@link DenseGcnReference} on
 * 50 seeded random graphs per network: isolated nodes, self-loops, duplicate and reversed
 * edges, a one-node graph, negative features (so ReLU matters) and, for the default network,
 * graphs without features.
 */
class GcnRandomGraphTest {
  private static final int GRAPHS = 50;
  private static final double TOLERANCE = 1e-5;

  @Test
  void identityNetworkMatchesTheDenseReference() throws Exception {
    Random random = new Random(20261121);
    try (InProcessHarness harness = InProcessHarness.start(ServerConfig.forTests())) {
      GCNServiceGrpc.GCNServiceBlockingStub stub =
          GCNServiceGrpc.newBlockingStub(harness.channel());
      for (int g = 0; g < GRAPHS; g++) {
        int width = g % 10 == 9 ? 0 : 1 + random.nextInt(6); // every tenth graph has no features
        GraphData graph = randomGraph(random, g, width);

        GCNResult result = stub.withDeadlineAfter(10, TimeUnit.SECONDS).processGraph(graph);

        assertMatches(new DenseGcnReference(graph).identityScores(), result, g);
      }
    }
  }

  @Test
  void trainedNetworkMatchesTheDenseReference() throws Exception {
    Random random = new Random(4);
    for (int g = 0; g < GRAPHS; g++) {
      int width = 1 + random.nextInt(6);
      int hidden = 1 + random.nextInt(6); // both narrower and wider than the input
      double[][] w1 = randomMatrix(random, width, hidden);
      double[] b1 = randomMatrix(random, 1, hidden)[0];
      double[][] w2 = randomMatrix(random, hidden, 1);
      double b2 = random.nextGaussian();
      GcnNetwork network = ModelFile.parse(modelJson(w1, b1, w2, b2), "random-" + g);
      GraphData graph = randomGraph(random, g, width);

      GCNResult result;
      try (InProcessHarness harness = InProcessHarness.start(
          ServerConfig.forTests().with(GcnModule.MODULE,
              GcnConfig.defaults().withNetwork(network)))) {
        result = GCNServiceGrpc.newBlockingStub(harness.channel())
            .withDeadlineAfter(10, TimeUnit.SECONDS).processGraph(graph);
      }

      assertMatches(new DenseGcnReference(graph).trainedScores(w1, b1, w2, b2), result, g);
    }
  }

  /** Graph 0 has one node; the others 2..40 nodes, some isolated, with messy edges. */
  private static GraphData randomGraph(Random random, int index, int width) {
    int nodes = index == 0 ? 1 : 2 + random.nextInt(39);
    GraphData.Builder graph = GraphData.newBuilder();
    for (int i = 0; i < nodes; i++) {
      float[] features = new float[width];
      for (int k = 0; k < width; k++) {
        features[k] = (float) (random.nextGaussian() * 2);
      }
      graph.addNodes(node("node-" + index + "-" + i, features));
    }
    // Edges only among the first ~2/3 of the nodes, so the rest are isolated.
    int connected = Math.max(1, nodes * 2 / 3);
    int edges = random.nextInt(3 * nodes + 1);
    for (int e = 0; e < edges; e++) {
      int a = random.nextInt(connected);
      int b = random.nextInt(5) == 0 ? a : random.nextInt(connected); // some self-loops
      graph.addEdges(edge("node-" + index + "-" + a, "node-" + index + "-" + b));
      if (random.nextInt(4) == 0) { // some duplicates, half of them reversed
        graph.addEdges(random.nextBoolean()
            ? edge("node-" + index + "-" + a, "node-" + index + "-" + b)
            : edge("node-" + index + "-" + b, "node-" + index + "-" + a));
      }
    }
    return graph.build();
  }

  private static void assertMatches(Map<String, Double> expected, GCNResult actual, int graph) {
    assertEquals(expected.size(), actual.getNodeScoresCount(), "graph " + graph + " node count");
    expected.forEach((id, score) -> assertEquals(score, actual.getNodeScoresOrThrow(id), TOLERANCE,
        "graph " + graph + " node " + id));
  }

  private static double[][] randomMatrix(Random random, int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int j = 0; j < cols; j++) {
        row[j] = random.nextGaussian();
      }
    }
    return m;
  }

  private static String modelJson(double[][] w1, double[] b1, double[][] w2, double b2) {
    return String.format(Locale.ROOT, "{\"W1\": %s, \"b1\": %s, \"W2\": %s, \"b2\": [%s]}",
        json(w1), json(b1), json(w2), Double.toString(b2));
  }

  private static String json(double[][] m) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < m.length; i++) {
      out.append(i == 0 ? "" : ", ").append(json(m[i]));
    }
    return out.append(']').toString();
  }

  private static String json(double[] v) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      out.append(i == 0 ? "" : ", ").append(Double.toString(v[i]));
    }
    return out.append(']').toString();
  }
}
