package dev.grpcpolyglot.server.routeguide;

/** A message left at a location by a RouteChat caller. */
public record ChatNote(GeoPoint location, String message) {}
