package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Â on graphs too large for the dense reference: many row blocks, run in parallel. */
class NormalizedAdjacencyTest {
  @Test
  void duplicatesReversedEdgesAndSelfLoopsCollapse() {
    int[] sources = {0, 1, 0, 2, 2};
    int[] targets = {1, 0, 1, 2, 0};

    NormalizedAdjacency a =
        NormalizedAdjacency.fromEdges(3, sources, targets, 5, Cancellation.NEVER);

    assertEquals(2, a.degreeWithoutSelf(0)); // 1 and 2
    assertEquals(1, a.degreeWithoutSelf(1));
    assertEquals(1, a.degreeWithoutSelf(2)); // the self-loop is the +I diagonal
  }

  @Test
  void largeGraphMatchesAnEdgeListReference() {
    Random random = new Random(7);
    int nodes = 60_000;
    int edges = 200_000;
    int width = 3;
    int[] sources = new int[edges];
    int[] targets = new int[edges];
    for (int e = 0; e < edges; e++) {
      sources[e] = random.nextInt(nodes);
      targets[e] = random.nextInt(10) == 0 ? sources[e] : random.nextInt(nodes);
    }
    double[] m = new double[nodes * width];
    for (int i = 0; i < m.length; i++) {
      m[i] = random.nextGaussian();
    }

    double[] actual = NormalizedAdjacency.fromEdges(nodes, sources, targets, edges,
        Cancellation.NEVER).multiply(m, width, Cancellation.NEVER);

    double[] expected = edgeListReference(nodes, sources, targets, m, width);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-9, "entry " + i);
    }
  }

  @Test
  void multiplyStopsAtACheckpointOnceCancelled() {
    AtomicInteger checks = new AtomicInteger();
    Cancellation cancelAtSecondCheck = new Cancellation(() -> checks.incrementAndGet() >= 2);
    NormalizedAdjacency a = NormalizedAdjacency.fromEdges(100_000, new int[0], new int[0], 0,
        Cancellation.NEVER);

    ProblemException e = assertThrows(ProblemException.class,
        () -> a.multiply(new double[100_000], 1, cancelAtSecondCheck));

    assertEquals(Problem.CANCELLED, e.problem());
  }

  /** Â·M from a set of undirected edges, accumulated edge by edge. */
  private static double[] edgeListReference(int nodes, int[] sources, int[] targets, double[] m,
      int width) {
    Set<Long> unique = new HashSet<>();
    for (int e = 0; e < sources.length; e++) {
      int a = Math.min(sources[e], targets[e]);
      int b = Math.max(sources[e], targets[e]);
      if (a != b) {
        unique.add(((long) a << 32) | b);
      }
    }
    double[] degree = new double[nodes];
    java.util.Arrays.fill(degree, 1);
    for (long key : unique) {
      degree[(int) (key >>> 32)]++;
      degree[(int) key]++;
    }
    double[] result = new double[nodes * width];
    for (int i = 0; i < nodes; i++) {
      for (int k = 0; k < width; k++) {
        result[i * width + k] += m[i * width + k] / degree[i];
      }
    }
    for (long key : unique) {
      int a = (int) (key >>> 32);
      int b = (int) key;
      double w = 1 / Math.sqrt(degree[a] * degree[b]);
      for (int k = 0; k < width; k++) {
        result[a * width + k] += w * m[b * width + k];
        result[b * width + k] += w * m[a * width + k];
      }
    }
    return result;
  }
}
