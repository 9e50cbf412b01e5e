package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.server.error.ProblemException;

/**
 * A latitude-longitude pair in the route guide's E7 representation (degrees times 10^7, rounded).
 *
 * @param latitude E7 degrees, within ±90°
 * @param longitude E7 degrees, within ±180°
 */
public record GeoPoint(int latitude, int longitude) {
  static final int MAX_LATITUDE = 900_000_000;
  static final int MAX_LONGITUDE = 1_800_000_000;

  /**
   * The point, or INVALID_ARGUMENT naming {@code field} (e.g. "location", "lo") and the coordinate
   * that lies outside ±90° latitude or ±180° longitude.
   */
  public static GeoPoint checked(String field, int latitude, int longitude) {
    if (latitude < -MAX_LATITUDE || latitude > MAX_LATITUDE) {
      throw ProblemException.invalidArgument(field + ".latitude " + latitude
          + " is outside ±90 degrees (±" + MAX_LATITUDE + " in E7)");
    }
    if (longitude < -MAX_LONGITUDE || longitude > MAX_LONGITUDE) {
      throw ProblemException.invalidArgument(field + ".longitude " + longitude
          + " is outside ±180 degrees (±" + MAX_LONGITUDE + " in E7)");
    }
    return new GeoPoint(latitude, longitude);
  }

  /** Great-circle distance in whole metres, by the official examples' haversine formula. */
  public int metresTo(GeoPoint other) {
    final double earthRadiusMetres = 6_371_000;
    double lat1 = Math.toRadians(latitude / 1e7);
    double lat2 = Math.toRadians(other.latitude / 1e7);
    double dLat = lat2 - lat1;
    double dLon = Math.toRadians(other.longitude / 1e7) - Math.toRadians(longitude / 1e7);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    double c = 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
    return (int) (earthRadiusMetres * c);
  }

  /** Whether this point lies in the rectangle spanned by two opposite corners, in any order. */
  public boolean isWithin(GeoPoint corner, GeoPoint oppositeCorner) {
    int left = Math.min(corner.longitude, oppositeCorner.longitude);
    int right = Math.max(corner.longitude, oppositeCorner.longitude);
    int bottom = Math.min(corner.latitude, oppositeCorner.latitude);
    int top = Math.max(corner.latitude, oppositeCorner.latitude);
    return longitude >= left && longitude <= right && latitude >= bottom && latitude <= top;
  }
}
