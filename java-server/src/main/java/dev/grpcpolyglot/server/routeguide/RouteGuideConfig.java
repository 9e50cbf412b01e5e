package dev.grpcpolyglot.server.routeguide;

/**
 * Settings of the RouteGuide service.
 *
 * @param features the feature database (already loaded and validated)
 * @param maxNotesPerLocation RouteChat notes kept per location (the newest)
 * @param maxNotes RouteChat notes kept over all locations
 */
public record RouteGuideConfig(FeatureDb features, int maxNotesPerLocation, int maxNotes) {
  public static final int DEFAULT_MAX_NOTES_PER_LOCATION = 100;
  public static final int DEFAULT_MAX_NOTES = 100_000;

  public RouteGuideConfig {
    if (features == null) {
      throw new IllegalArgumentException("route guide feature db must not be null");
    }
    if (maxNotesPerLocation <= 0) {
      throw new IllegalArgumentException(
          "--routeguide-max-notes-per-location must be positive, got " + maxNotesPerLocation);
    }
    if (maxNotes <= 0) {
      throw new IllegalArgumentException(
          "--routeguide-max-notes must be positive, got " + maxNotes);
    }
  }

  /** The built-in official database and the default caps. */
  public static RouteGuideConfig defaults() {
    return new RouteGuideConfig(FeatureDb.builtIn(), DEFAULT_MAX_NOTES_PER_LOCATION,
        DEFAULT_MAX_NOTES);
  }

  public RouteGuideConfig withNoteCaps(int perLocation, int overall) {
    return new RouteGuideConfig(features, perLocation, overall);
  }
}
