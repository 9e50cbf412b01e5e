package dev.grpcpolyglot.server.routeguide;

/** A named feature of the route guide's database. */
public record Place(String name, GeoPoint location) {}
