package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A caller's path after THE one check of its spelling, done before any file system call: relative,
 * '/' separated, at most 4096 bytes, and made only of plain names. Where it leads is checked
 * again, component by component without following links, by {@link SandboxRoot}.
 *
 * <p>Every spelling of a parent reference is refused rather than normalised: a path has exactly
 * one way to be written, so no later layer can disagree with this one about where it points.
 */
public final class FilePath {
  /** The limit of docs/services.md, counted in UTF-8 bytes like the kernel's PATH_MAX. */
  public static final int MAX_PATH_BYTES = 4096;
  /** The kernel's NAME_MAX: a longer segment could never be created, so refuse it up front. */
  public static final int MAX_SEGMENT_BYTES = 255;

  private static final FilePath ROOT = new FilePath("", List.of());

  private final String text;
  private final List<String> segments;

  private FilePath(String text, List<String> segments) {
    this.text = text;
    this.segments = segments;
  }

  /** A file's path: must name something below the root. */
  public static FilePath ofFile(String text) {
    if (text.isEmpty()) {
      throw ProblemException.invalidArgument("filename is empty").because(INVALID_PATH);
    }
    return parse(text);
  }

  /** As {@link #ofFile}; a failure names {@code field}, the request field the path came from. */
  public static FilePath ofFile(String text, String field) {
    try {
      return ofFile(text);
    } catch (ProblemException e) {
      throw e.at(field);
    }
  }

  /** A folder's path: the empty string names the root itself. */
  public static FilePath ofFolder(String text) {
    return text.isEmpty() ? ROOT : parse(text);
  }

  /** As {@link #ofFolder}; a failure names {@code field}, the request field of the path. */
  public static FilePath ofFolder(String text, String field) {
    try {
      return ofFolder(text);
    } catch (ProblemException e) {
      throw e.at(field);
    }
  }

  private static FilePath parse(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw invalidPath(
          "path is " + bytes + " bytes long; the limit is " + MAX_PATH_BYTES);
    }
    if (text.indexOf('\0') >= 0) {
      throw invalidPath("path " + quote(text) + " contains a NUL byte");
    }
    if (text.indexOf('\\') >= 0) {
      throw invalidPath(
          "path " + quote(text) + " contains a backslash; separate folders with '/'");
    }
    if (text.startsWith("/")) {
      throw invalidPath(
          "path " + quote(text) + " is absolute; give a path relative to the files root");
    }
    try {
      var unused = java.nio.file.Path.of(text); // parsed only to find names the JVM cannot encode
    } catch (java.nio.file.InvalidPathException e) {
      // The JVM encodes names per its locale (sun.jnu.encoding): under LANG=C only ASCII fits.
      throw invalidPath("path " + quote(text) + " cannot be represented "
          + "on the server's file system (run the server under a UTF-8 locale, e.g. LANG=C.UTF-8)");
    }
    List<String> segments = List.of(text.split("/", -1));
    for (String segment : segments) {
      checkSegment(text, segment);
    }
    return new FilePath(text, segments);
  }

  private static void checkSegment(String text, String segment) {
    if (segment.equals("..")) {
      throw invalidPath(
          "path " + quote(text) + " has a '..' segment; paths may not leave their folder");
    }
    if (segment.isEmpty() || segment.equals(".")) {
      throw invalidPath("path " + quote(text)
          + " has an empty or '.' segment; write each folder once, separated by single '/'");
    }
    if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw invalidPath("path " + quote(text) + " has a segment over "
          + MAX_SEGMENT_BYTES + " bytes");
    }
    if (TempNames.isTemp(segment)) {
      throw invalidPath("path " + quote(text) + " uses the reserved prefix "
          + TempNames.PREFIX + " (the store's own temporary files)");
    }
  }

  /** ErrorInfo reason of every path that breaks the rules above. */
  static final String INVALID_PATH = "INVALID_PATH";

  private static ProblemException invalidPath(String message) {
    return ProblemException.invalidArgument(message).because(INVALID_PATH);
  }

  /** The path as the caller wrote it, quoted and shortened for an error message. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(text.length(), 120);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      // Control characters would garble a log line or a terminal: show their code instead.
      out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append(text.length() > shown ? "...'" : "'").toString();
  }

  /** The segments, root first; empty for the root. */
  List<String> segments() {
    return segments;
  }

  boolean isRoot() {
    return segments.isEmpty();
  }

  /** The folder holding this path (the root for a top-level name). */
  FilePath parent() {
    if (segments.size() <= 1) {
      return ROOT;
    }
    List<String> parentSegments = segments.subList(0, segments.size() - 1);
    return new FilePath(String.join("/", parentSegments), parentSegments);
  }

  /** The last segment. */
  String name() {
    return segments.get(segments.size() - 1);
  }

  /** The first {@code count} segments, for naming a folder met on the way in a message. */
  String prefix(int count) {
    return String.join("/", segments.subList(0, count));
  }

  /** The quoted path for messages ('' for the root). */
  String quoted() {
    return quote(text);
  }

  @Override
  public String toString() {
    return text;
  }
}
