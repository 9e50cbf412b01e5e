package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Command-line flags of the RouteGuide service (a picocli mixin of the server command). */
public final class RouteGuideOptions implements ModuleOptions<RouteGuideConfig> {
  @Option(names = "--routeguide-db", paramLabel = "FILE",
      defaultValue = "${env:POLYGLOT_ROUTEGUIDE_DB}",
      description = "Route guide features, the official examples' JSON format; without it the "
          + "official database built into the jar (= data/routeguide/route_guide_db.json) "
          + "(env POLYGLOT_ROUTEGUIDE_DB).")
  Path dbFile;

  @Option(names = "--routeguide-max-notes-per-location", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_ROUTEGUIDE_MAX_NOTES_PER_LOCATION:-"
          + RouteGuideConfig.DEFAULT_MAX_NOTES_PER_LOCATION + "}",
      description = "RouteChat notes kept per location, the newest "
          + "(env POLYGLOT_ROUTEGUIDE_MAX_NOTES_PER_LOCATION).")
  int maxNotesPerLocation;

  @Option(names = "--routeguide-max-notes", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_ROUTEGUIDE_MAX_NOTES:-"
          + RouteGuideConfig.DEFAULT_MAX_NOTES + "}",
      description = "RouteChat notes kept overall; past it the least recently written location "
          + "loses its oldest (env POLYGLOT_ROUTEGUIDE_MAX_NOTES).")
  int maxNotes;

  /** Builds the config, loading the database now so a bad file stops the server at start. */
  @Override
  public RouteGuideConfig toConfig() {
    FeatureDb features = dbFile == null ? FeatureDb.builtIn() : FeatureDb.load(dbFile);
    return new RouteGuideConfig(features, maxNotesPerLocation, maxNotes);
  }
}
