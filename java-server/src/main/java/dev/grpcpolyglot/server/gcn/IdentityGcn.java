package dev.grpcpolyglot.server.gcn;

/**
 * The default network, identity weights and no bias, for any feature count:
 * {@code H = Â · ReLU(Â X)}, {@code score_i = sigmoid(mean_j H_ij)}; with no features every
 * score is {@code sigmoid(0) = 0.5}.
 *
 * <p>Â is linear, so {@code mean_j (Â R)_ij = (Â r)_i} with {@code r_i = mean_j R_ij}: the
 * second layer propagates one column instead of all of them, with the same result.
 */
public final class IdentityGcn implements GcnNetwork {
  public static final IdentityGcn INSTANCE = new IdentityGcn();

  private IdentityGcn() {}

  @Override
  public int inputWidth() {
    return -1;
  }

  @Override
  public double[] scores(NormalizedAdjacency adjacency, double[] features, int width,
      Cancellation cancellation) {
    int nodes = adjacency.nodeCount();
    double[] scores = new double[nodes];
    if (width == 0) {
      java.util.Arrays.fill(scores, 0.5);
      return scores;
    }
    double[] first = adjacency.multiply(features, width, cancellation);
    double[] rowMeans = new double[nodes];
    for (int i = 0; i < nodes; i++) {
      double sum = 0;
      for (int k = 0; k < width; k++) {
        sum += Activations.relu(first[i * width + k]);
      }
      rowMeans[i] = sum / width;
    }
    cancellation.check("second layer");
    double[] second = adjacency.multiply(rowMeans, 1, cancellation);
    for (int i = 0; i < nodes; i++) {
      scores[i] = Activations.sigmoid(second[i]);
    }
    return scores;
  }

  @Override
  public String toString() {
    return "identity-weight GCN (default)";
  }
}
