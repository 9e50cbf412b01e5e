package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.server.error.ProblemException;

/** Converts between the route guide's wire messages and its domain records, checking input. */
final class RouteGuideMessages {
  private RouteGuideMessages() {}

  /** The point, or INVALID_ARGUMENT naming {@code field} when a coordinate is out of range. */
  static GeoPoint toGeoPoint(String field, Point point) {
    return GeoPoint.checked(field, point.getLatitude(), point.getLongitude());
  }

  static ChatNote toChatNote(RouteNote note) {
    if (note.getMessage().length() > RouteNotes.MAX_MESSAGE_CHARS) {
      throw ProblemException.invalidArgument("message is " + note.getMessage().length()
          + " characters; at most " + RouteNotes.MAX_MESSAGE_CHARS + " are kept").at("message");
    }
    return new ChatNote(toGeoPoint("location", note.getLocation()), note.getMessage());
  }

  static Point toPoint(GeoPoint point) {
    return Point.newBuilder().setLatitude(point.latitude()).setLongitude(point.longitude()).build();
  }

  static Feature toFeature(Place place) {
    return Feature.newBuilder().setName(place.name()).setLocation(toPoint(place.location()))
        .build();
  }

  static RouteNote toRouteNote(ChatNote note) {
    return RouteNote.newBuilder().setLocation(toPoint(note.location())).setMessage(note.message())
        .build();
  }
}
