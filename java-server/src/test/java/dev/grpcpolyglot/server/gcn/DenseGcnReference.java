package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import java.util.HashMap;
import java.util.Map;

/**
 * The GCN of docs/services.md written the obvious way, with dense N x N matrices and no algebraic
 * shortcuts, in double precision: the yardstick the sparse implementation is tested against.
 */
final class DenseGcnReference {
  private final double[][] adjacency; // Â
  private final double[][] features;  // X
  private final String[] ids;

  DenseGcnReference(GraphData graph) {
    int n = graph.getNodesCount();
    ids = new String[n];
    features = new double[n][];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      ids[i] = graph.getNodes(i).getId();
      index.put(ids[i], i);
      features[i] = new double[graph.getNodes(i).getFeaturesCount()];
      for (int k = 0; k < features[i].length; k++) {
        features[i][k] = graph.getNodes(i).getFeatures(k);
      }
    }
    double[][] a = new double[n][n];
    for (Edge edge : graph.getEdgesList()) {
      int s = index.get(edge.getSourceId());
      int t = index.get(edge.getTargetId());
      a[s][t] = 1; // duplicates and reversed duplicates collapse
      a[t][s] = 1;
    }
    for (int i = 0; i < n; i++) {
      a[i][i] = 1; // A + I: a self-loop collapses into the identity
    }
    double[] degree = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        degree[i] += a[i][j];
      }
    }
    adjacency = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        adjacency[i][j] = a[i][j] / Math.sqrt(degree[i]) / Math.sqrt(degree[j]);
      }
    }
  }

  /** H = Â ReLU(Â X), score = sigmoid(mean_j H_ij); no features -> 0.5. */
  Map<String, Double> identityScores() {
    double[][] h = multiply(adjacency, relu(multiply(adjacency, features)));
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      double mean = 0;
      for (double v : h[i]) {
        mean += v;
      }
      mean = h[i].length == 0 ? 0 : mean / h[i].length;
      scores.put(ids[i], sigmoid(mean));
    }
    return scores;
  }

  /** H = ReLU(Â X W1 + b1), z = Â H W2 + b2, score = sigmoid(z). */
  Map<String, Double> trainedScores(double[][] w1, double[] b1, double[][] w2, double b2) {
    double[][] h = relu(addRow(multiply(multiply(adjacency, features), w1), b1));
    double[][] z = multiply(multiply(adjacency, h), w2);
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      scores.put(ids[i], sigmoid(z[i][0] + b2));
    }
    return scores;
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double[][] multiply(double[][] left, double[][] right) {
    int rows = left.length;
    int inner = right.length;
    int cols = inner == 0 ? 0 : right[0].length;
    double[][] result = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = 0;
        for (int k = 0; k < inner; k++) {
          sum += left[i][k] * right[k][j];
        }
        result[i][j] = sum;
      }
    }
    return result;
  }

  private static double[][] relu(double[][] m) {
    double[][] result = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      result[i] = m[i].clone();
      for (int j = 0; j < result[i].length; j++) {
        result[i][j] = Math.max(0, result[i][j]);
      }
    }
    return result;
  }

  private static double[][] addRow(double[][] m, double[] row) {
    double[][] result = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      result[i] = m[i].clone();
      for (int j = 0; j < row.length; j++) {
        result[i][j] += row[j];
      }
    }
    return result;
  }
}
