package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;

/**
 * The files root, held open as a directory descriptor; every path is reached from it one
 * component at a time with openat(O_NOFOLLOW) (Java's {@link SecureDirectoryStream}). A symbolic
 * link anywhere on the way is refused, wherever it points, and because each step opens the folder
 * the previous step opened (not a path string), a link swapped in between a check and a use can
 * never be followed: there is no window in which a path could lead outside the root.
 */
final class SandboxRoot implements AutoCloseable {
  static final Path SELF = Path.of(".");
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path realPath;
  private final SecureDirectoryStream<Path> root;

  private SandboxRoot(Path realPath, SecureDirectoryStream<Path> root) {
    this.realPath = realPath;
    this.root = root;
  }

  /** Creates {@code configured} if missing and opens it. */
  @SuppressWarnings("StreamResourceLeak") // the stream IS the root: it stays open until close()
  static SandboxRoot open(Path configured) throws IOException {
    Files.createDirectories(configured);
    Path real = configured.toRealPath();
    DirectoryStream<Path> stream = Files.newDirectoryStream(real);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      throw new IOException("this platform has no openat-style SecureDirectoryStream; the file "
          + "store cannot sandbox paths safely here");
    }
    return new SandboxRoot(real, secure);
  }

  /** The root's absolute path with links resolved (for logs and the start-up temp sweep). */
  Path realPath() {
    return realPath;
  }

  /**
   * Opens the folder {@code path} (the caller closes it). With {@code create}, missing folders on
   * the way are created; otherwise a missing one is NOT_FOUND.
   */
  SecureDirectoryStream<Path> openFolder(FilePath path, boolean create) throws IOException {
    // A fresh descriptor of the root, so callers may close what they get like any other folder.
    SecureDirectoryStream<Path> current = root.newDirectoryStream(SELF, NOFOLLOW);
    try {
      for (int i = 0; i < path.segments().size(); i++) {
        SecureDirectoryStream<Path> next =
            openChildFolder(current, path.segments().get(i), path.prefix(i + 1), create);
        current.close();
        current = next;
      }
      return current;
    } catch (IOException | RuntimeException e) {
      current.close();
      throw e;
    }
  }

  private SecureDirectoryStream<Path> openChildFolder(
      SecureDirectoryStream<Path> folder, String name, String shown, boolean create)
      throws IOException {
    Path child = Path.of(name);
    try {
      return folder.newDirectoryStream(child, NOFOLLOW);
    } catch (NoSuchFileException e) {
      if (!create) {
        throw new ProblemException(Problem.NOT_FOUND, "folder " + FilePath.quote(shown)
            + " does not exist").because("FOLDER_NOT_FOUND");
      }
    } catch (FileSystemException e) {
      throw notAFolder(folder, child, shown, e);
    }
    createFolder(folder, child, shown);
    try {
      // Opened again from the parent's descriptor: whatever happened meanwhile, links stay unfollowed.
      return folder.newDirectoryStream(child, NOFOLLOW);
    } catch (FileSystemException e) {
      throw notAFolder(folder, child, shown, e);
    }
  }

  private void createFolder(SecureDirectoryStream<Path> folder, Path child, String shown)
      throws IOException {
    Optional<Path> byDescriptor = DirectoryFds.procPath(folder);
    // Fallback only without the descriptor (see DirectoryFds): by path from the real root.
    Path target = byDescriptor.map(fd -> fd.resolve(child)).orElse(realPath.resolve(shown));
    try {
      Files.createDirectory(target);
    } catch (FileAlreadyExistsException e) {
      // A concurrent writer made it first (or it is a link/file: the re-open will say so).
    }
  }

  /** Why {@code child} could not be opened as a folder, as the caller's problem when it is one. */
  private static IOException notAFolder(SecureDirectoryStream<Path> folder, Path child,
      String shown, FileSystemException cause) throws IOException {
    BasicFileAttributes attributes = attributesOrThrow(folder, child, shown, cause);
    if (isLinkRefusal(cause)) {
      throw swappedLink(shown); // a link when opened, swapped back by the time we looked
    }
    if (attributes.isDirectory()) {
      throw cause; // e.g. EMFILE: not the caller's doing, becomes INTERNAL
    }
    throw new ProblemException(Problem.FAILED_PRECONDITION,
        FilePath.quote(shown) + " is a file, not a folder");
  }

  /**
   * Attributes of {@code name} in {@code folder}, never following a link. A link or a vanished
   * entry becomes the caller's problem (PERMISSION_DENIED / NOT_FOUND).
   */
  static BasicFileAttributes attributesOrThrow(SecureDirectoryStream<Path> folder, Path name,
      String shown, IOException cause) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = folder.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
          .readAttributes();
    } catch (NoSuchFileException e) {
      throw new ProblemException(Problem.NOT_FOUND, FilePath.quote(shown) + " does not exist")
          .because("FILE_NOT_FOUND");
    } catch (AccessDeniedException e) {
      throw deniedToServer(shown);
    }
    if (attributes.isSymbolicLink()) {
      throw new ProblemException(Problem.PERMISSION_DENIED, FilePath.quote(shown)
          + " is a symbolic link; the file store never follows links (one could lead outside "
          + "the files root)");
    }
    if (cause instanceof AccessDeniedException) {
      throw deniedToServer(shown);
    }
    return attributes;
  }

  /** The server's own OS account may not touch the entry. */
  static ProblemException deniedToServer(String shown) {
    return new ProblemException(Problem.PERMISSION_DENIED,
        "the server is not allowed to access " + FilePath.quote(shown));
  }

  /**
   * Opens the regular file {@code name} in {@code folder} without following a link. Attributes
   * are checked first so a folder, link or device is refused with a clear problem.
   */
  static FileChannel openFile(SecureDirectoryStream<Path> folder, String name, String shown,
      Set<? extends OpenOption> options) throws IOException {
    Path child = Path.of(name);
    BasicFileAttributes attributes = attributesOrThrow(folder, child, shown, null);
    if (attributes.isDirectory()) {
      throw new ProblemException(Problem.FAILED_PRECONDITION,
          FilePath.quote(shown) + " is a folder; use List to see its entries (Read and Download "
              + "take files)");
    }
    if (!attributes.isRegularFile()) {
      throw new ProblemException(Problem.FAILED_PRECONDITION,
          FilePath.quote(shown) + " is not a regular file");
    }
    try {
      return (FileChannel) folder.newByteChannel(child, withNoFollow(options));
    } catch (IOException e) {
      attributesOrThrow(folder, child, shown, e); // swapped for a link since the check: refuse
      if (isLinkRefusal(e)) {
        throw swappedLink(shown);
      }
      throw e;
    }
  }

  /**
   * Whether opening failed because O_NOFOLLOW met a link (ELOOP). Recognised by the text Java
   * itself appends to the OS message, which does not depend on the locale.
   */
  static boolean isLinkRefusal(IOException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains("NOFOLLOW_LINKS specified")
        || message.contains("unable to access attributes of symbolic link");
  }

  private static ProblemException swappedLink(String shown) {
    return new ProblemException(Problem.PERMISSION_DENIED, FilePath.quote(shown)
        + " was a symbolic link when opened (something is swapping it); links are never followed");
  }

  static Set<OpenOption> withNoFollow(Set<? extends OpenOption> options) {
    Set<OpenOption> all = new java.util.HashSet<>(options);
    all.add(NOFOLLOW);
    return all;
  }

  /** Flushes a folder's entries (a rename in it) to disk. */
  static void syncFolder(SecureDirectoryStream<Path> folder) throws IOException {
    try (FileChannel self = (FileChannel) folder.newByteChannel(SELF,
        Set.of(StandardOpenOption.READ, NOFOLLOW))) {
      self.force(true);
    }
  }

  @Override
  public void close() throws IOException {
    root.close();
  }
}
