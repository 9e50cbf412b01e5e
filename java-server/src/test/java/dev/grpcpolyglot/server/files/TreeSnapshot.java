package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;

/** What exists under a folder (links not followed), minus one subtree: path -> kind, size, mtime. */
final class TreeSnapshot {
  private TreeSnapshot() {}

  /** Everything under {@code base} except inside {@code excluded} (the files root). */
  static Map<String, String> of(Path base, Path excluded) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    Files.walkFileTree(base, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
        if (dir.equals(excluded)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        entries.put(dir.toString(), "dir " + a.lastModifiedTime());
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
        entries.put(file.toString(), a.size() + " " + a.lastModifiedTime());
        return FileVisitResult.CONTINUE;
      }
    });
    return entries;
  }
}
