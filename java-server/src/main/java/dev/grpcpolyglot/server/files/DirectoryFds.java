package dev.grpcpolyglot.server.files;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.Optional;

/**
 * Names an open folder by its file descriptor, as {@code /proc/self/fd/N}, so a new subfolder is
 * created in exactly the folder already opened and checked: Java has openat/renameat/unlinkat
 * (SecureDirectoryStream) but no mkdirat, and creating by path would let a folder swapped for a
 * symbolic link between the check and the mkdir redirect it outside the root.
 *
 * <p>Reading the descriptor needs {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (set in the
 * server jar's manifest and in the test JVMs). Without it {@link #available()} is false and
 * {@link SandboxRoot} falls back to creating by path, then re-checks the result.
 */
final class DirectoryFds {
  private static final Field DFD = findField();
  private static final Path PROC_FDS = Path.of("/proc/self/fd");

  private DirectoryFds() {}

  static boolean available() {
    return DFD != null && Files.isDirectory(PROC_FDS);
  }

  /** {@code /proc/self/fd/N} for the folder's descriptor, or empty when unavailable. */
  static Optional<Path> procPath(SecureDirectoryStream<Path> folder) {
    if (!available() || !DFD.getDeclaringClass().isInstance(folder)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PROC_FDS.resolve(Integer.toString(DFD.getInt(folder))));
    } catch (IllegalAccessException e) {
      return Optional.empty();
    }
  }

  private static Field findField() {
    try {
      Field field = Class.forName("sun.nio.fs.UnixSecureDirectoryStream").getDeclaredField("dfd");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not Linux/Unix, or java.base not opened to us: the caller uses its fallback.
      return null;
    }
  }
}
