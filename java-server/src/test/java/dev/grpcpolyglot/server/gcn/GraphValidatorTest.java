package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import org.junit.jupiter.api.Test;

/** The validator on graphs large enough that edge ids are resolved in parallel chunks. */
class GraphValidatorTest {
  @Test
  void firstUnknownEdgeIdIsNamedEvenWhenChunksRunInParallel() {
    int edges = 200_000;
    String[] sources = new String[edges];
    String[] targets = new String[edges];
    for (int e = 0; e < edges; e++) {
      sources[e] = "n" + (e % 1000);
      targets[e] = "n" + ((e * 7) % 1000);
    }
    targets[150_000] = "late-ghost";
    sources[70_001] = "ghost";
    targets[70_000] = "first-ghost";

    ProblemException e = assertThrows(ProblemException.class,
        () -> new GraphValidator(10_000, 1_000_000, -1)
            .validate(source(1000, sources, targets), Cancellation.NEVER));

    assertEquals(Problem.INVALID_ARGUMENT, e.problem());
    assertEquals("edge 70000 target_id \"first-ghost\" is not a node id of this graph",
        e.getMessage());
  }

  private static GraphSource source(int nodes, String[] sources, String[] targets) {
    return new GraphSource() {
      @Override
      public int nodeCount() {
        return nodes;
      }

      @Override
      public String nodeId(int node) {
        return "n" + node;
      }

      @Override
      public int featureCount(int node) {
        return 1;
      }

      @Override
      public float feature(int node, int index) {
        return node;
      }

      @Override
      public int edgeCount() {
        return sources.length;
      }

      @Override
      public String edgeSourceId(int edge) {
        return sources[edge];
      }

      @Override
      public String edgeTargetId(int edge) {
        return targets[edge];
      }
    };
  }
}
