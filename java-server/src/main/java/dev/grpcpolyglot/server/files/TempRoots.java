package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary file-store roots that are deleted, with everything in them, when the JVM exits: a
 * test run creates hundreds of servers and must leave nothing behind in the temp folder, also
 * when a test forgets to stop its server. One shutdown hook serves every root.
 */
final class TempRoots {
  private static final Set<Path> roots = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TempRoots::deleteAll, "delete-temp-roots"));
  }

  private TempRoots() {}

  /** A fresh folder in the system temp folder, deleted at JVM exit. */
  static Path create() throws IOException {
    Path root = Files.createTempDirectory("polyglot-files-");
    roots.add(root);
    return root;
  }

  private static void deleteAll() {
    for (Path root : roots) {
      try (Stream<Path> tree = Files.walk(root)) {
        // Children before their folder.
        List<Path> deepestFirst = tree.sorted(Comparator.reverseOrder()).toList();
        for (Path path : deepestFirst) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        // Best effort at exit: a file the OS still holds open stays behind; say which.
        System.err.println("could not delete temporary files root " + root + ": " + e);
      }
    }
  }
}
