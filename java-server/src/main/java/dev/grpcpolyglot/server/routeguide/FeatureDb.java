package dev.grpcpolyglot.server.routeguide;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route guide's feature database: the official examples' JSON format, an array of
 * {@code {"location": {"latitude": E7, "longitude": E7}, "name": "..."}}. Immutable once loaded.
 */
public final class FeatureDb {
  /** The official database (grpc-go examples' testdata/route_guide_db.json), built into the jar. */
  static final String BUILT_IN = "/routeguide/route_guide_db.json";

  private final List<Place> places;
  private final Map<GeoPoint, String> namesByPoint = new HashMap<>();

  FeatureDb(List<Place> places) {
    this.places = List.copyOf(places);
    // The first feature at a point wins, as the official servers' linear search does.
    for (Place place : this.places) {
      namesByPoint.putIfAbsent(place.location(), place.name());
    }
  }

  /** The database built into the jar (the official one, also shipped in data/routeguide/). */
  public static FeatureDb builtIn() {
    try (InputStream in = FeatureDb.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + BUILT_IN);
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "built-in " + BUILT_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code file}; IllegalArgumentException names the file and what is wrong with it. */
  public static FeatureDb load(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(reader, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read route guide db " + file + ": " + e);
    }
  }

  private static FeatureDb parse(Reader reader, String source) {
    List<Place> places = new ArrayList<>();
    try {
      JsonArray array = JsonParser.parseReader(reader).getAsJsonArray();
      for (JsonElement element : array) {
        JsonObject feature = element.getAsJsonObject();
        JsonObject location = feature.getAsJsonObject("location");
        String field = "feature " + places.size() + " location";
        GeoPoint point = GeoPoint.checked(field,
            location.get("latitude").getAsInt(), location.get("longitude").getAsInt());
        JsonElement name = feature.get("name");
        places.add(new Place(name == null ? "" : name.getAsString(), point));
      }
    } catch (JsonParseException | IllegalStateException | NullPointerException
        | UnsupportedOperationException | NumberFormatException e) {
      throw new IllegalArgumentException("route guide db " + source + " is not an array of "
          + "{location: {latitude, longitude}, name} (feature " + places.size() + "): "
          + e.getMessage());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("route guide db " + source + ": " + e.getMessage());
    }
    return new FeatureDb(places);
  }

  /** The name of the feature at {@code point}, if there is one. */
  public Optional<String> nameAt(GeoPoint point) {
    return Optional.ofNullable(namesByPoint.get(point));
  }

  /** Every named feature in the rectangle spanned by two opposite corners, in database order. */
  public List<Place> within(GeoPoint corner, GeoPoint oppositeCorner) {
    return places.stream()
        .filter(place -> !place.name().isEmpty())
        .filter(place -> place.location().isWithin(corner, oppositeCorner))
        .toList();
  }

  public int size() {
    return places.size();
  }
}
