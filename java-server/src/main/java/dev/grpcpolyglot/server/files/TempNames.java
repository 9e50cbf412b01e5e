package dev.grpcpolyglot.server.files;

import java.util.UUID;

/**
 * Names of the store's temporary files: hidden (a leading dot), recognisable at a glance, and
 * reserved, so callers can neither read nor write them and List never shows them.
 */
final class TempNames {
  static final String PREFIX = ".polyglot-tmp-";

  private TempNames() {}

  /** A fresh name; random so concurrent writers of one file never share a temp file. */
  static String next() {
    return PREFIX + UUID.randomUUID();
  }

  static boolean isTemp(String name) {
    return name.startsWith(PREFIX);
  }
}
