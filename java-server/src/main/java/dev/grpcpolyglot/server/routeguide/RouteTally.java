package dev.grpcpolyglot.server.routeguide;

/**
 * The running summary of one RecordRoute call: points received, named features passed, metres
 * travelled (the sum of haversine distances between consecutive points) and seconds elapsed.
 * One call's points arrive one at a time, so no locking.
 */
public final class RouteTally {
  private final FeatureDb features;
  private final long startNanos;
  private GeoPoint previous;
  private int points;
  private int featuresPassed;
  private int metres;

  public RouteTally(FeatureDb features, long startNanos) {
    this.features = features;
    this.startNanos = startNanos;
  }

  public void add(GeoPoint point) {
    points++;
    if (!features.nameAt(point).orElse("").isEmpty()) {
      featuresPassed++;
    }
    if (previous != null) {
      metres += previous.metresTo(point);
    }
    previous = point;
  }

  public int points() {
    return points;
  }

  public int featuresPassed() {
    return featuresPassed;
  }

  public int metres() {
    return metres;
  }

  /** Whole seconds since the call started. */
  public int elapsedSeconds(long nowNanos) {
    return (int) ((nowNanos - startNanos) / 1_000_000_000L);
  }
}
