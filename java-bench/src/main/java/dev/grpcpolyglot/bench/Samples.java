package dev.grpcpolyglot.bench;

import java.util.Arrays;

/** Summaries of a benchmark's repeated measurements. */
final class Samples {
  private Samples() {}

  /** The upper median (the middle of an odd count); NaN when there are none. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  /** The largest value; NaN when there are none. */
  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
