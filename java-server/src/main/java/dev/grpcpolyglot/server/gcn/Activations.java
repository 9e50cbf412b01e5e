package dev.grpcpolyglot.server.gcn;

/** The element-wise functions of the GCN. */
final class Activations {
  /** The largest float below 1 and the smallest above 0: the reply's scores stay in (0, 1). */
  private static final double HIGHEST = Math.nextDown(1.0f);
  private static final double LOWEST = Float.MIN_VALUE;

  private Activations() {}

  static double relu(double x) {
    return x > 0 ? x : 0;
  }

  /**
   * The logistic function, clamped so that after the reply's rounding to float it is still
   * strictly inside (0, 1) as docs/services.md promises (|z| > ~17 would round to 0 or 1);
   * the clamp moves a score by at most 6e-8.
   */
  static double sigmoid(double z) {
    double s = 1.0 / (1.0 + Math.exp(-z));
    return Math.min(HIGHEST, Math.max(LOWEST, s));
  }
}
