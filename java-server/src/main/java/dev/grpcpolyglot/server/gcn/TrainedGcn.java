package dev.grpcpolyglot.server.gcn;

/**
 * A network with trained weights: {@code H = ReLU(Â X W1 + b1)}, {@code z = Â H W2 + b2} with
 * one output column, {@code score = sigmoid(z)}. Immutable; build it with {@link ModelFile}.
 *
 * <p>Matrix products are associative, so each layer propagates the narrower side: Â (X W1) when
 * the hidden layer is narrower than the input, (Â X) W1 otherwise, and Â (H W2) (one column) in
 * the second layer. The result is the same up to rounding.
 */
public final class TrainedGcn implements GcnNetwork {
  /** Rows of a dense product between two cancellation checkpoints. */
  private static final int CHECK_EVERY_ROWS = 16_384;

  private final int inputWidth;
  private final int hiddenWidth;
  private final double[] w1; // inputWidth x hiddenWidth, row-major
  private final double[] b1; // hiddenWidth
  private final double[] w2; // hiddenWidth (the single output column)
  private final double b2;

  TrainedGcn(int inputWidth, int hiddenWidth, double[] w1, double[] b1, double[] w2, double b2) {
    this.inputWidth = inputWidth;
    this.hiddenWidth = hiddenWidth;
    this.w1 = w1.clone();
    this.b1 = b1.clone();
    this.w2 = w2.clone();
    this.b2 = b2;
  }

  @Override
  public int inputWidth() {
    return inputWidth;
  }

  public int hiddenWidth() {
    return hiddenWidth;
  }

  @Override
  public double[] scores(NormalizedAdjacency adjacency, double[] features, int width,
      Cancellation cancellation) {
    if (width != inputWidth) {
      throw new IllegalArgumentException("width " + width + " != model input " + inputWidth);
    }
    int nodes = adjacency.nodeCount();
    double[] hidden = hiddenWidth < inputWidth
        ? adjacency.multiply(times(features, nodes, inputWidth, w1, hiddenWidth, cancellation),
            hiddenWidth, cancellation)
        : times(adjacency.multiply(features, inputWidth, cancellation), nodes, inputWidth, w1,
            hiddenWidth, cancellation);
    cancellation.check("second layer");
    double[] projected = new double[nodes];
    for (int i = 0; i < nodes; i++) {
      double sum = 0;
      for (int h = 0; h < hiddenWidth; h++) {
        sum += Activations.relu(hidden[i * hiddenWidth + h] + b1[h]) * w2[h];
      }
      projected[i] = sum;
    }
    double[] z = adjacency.multiply(projected, 1, cancellation);
    double[] scores = new double[nodes];
    for (int i = 0; i < nodes; i++) {
      scores[i] = Activations.sigmoid(z[i] + b2);
    }
    return scores;
  }

  /** {@code M · W} for a row-major {@code rows x inner} M and {@code inner x cols} W. */
  private static double[] times(double[] m, int rows, int inner, double[] w, int cols,
      Cancellation cancellation) {
    double[] result = new double[Math.multiplyExact(rows, cols)];
    for (int i = 0; i < rows; i++) {
      if (i % CHECK_EVERY_ROWS == 0) {
        cancellation.check("dense layer");
      }
      int out = i * cols;
      for (int k = 0; k < inner; k++) {
        double value = m[i * inner + k];
        if (value == 0) {
          continue; // one-hot and ReLU'd inputs are mostly zeros
        }
        int wRow = k * cols;
        for (int j = 0; j < cols; j++) {
          result[out + j] += value * w[wRow + j];
        }
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return "trained GCN (" + inputWidth + " inputs, " + hiddenWidth + " hidden)";
  }
}
