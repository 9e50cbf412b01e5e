package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A sandboxed, atomic file store under one root folder. Knows nothing of gRPC: failures are
 * {@link ProblemException}s (the service maps them to statuses).
 *
 * <ul>
 *   <li>Paths: spelled per {@link FilePath}, reached per {@link SandboxRoot} (no link is ever
 *       followed; nothing outside the root is ever opened or created).
 *   <li>Writes and uploads go to a temp file beside the destination and replace it atomically;
 *       a reader sees the old file or the new one, never a mix.
 *   <li>Reads and downloads read from one open descriptor, so a concurrent replace cannot tear
 *       them.
 * </ul>
 */
public final class FileStore implements AutoCloseable {
  /** Read's limit: the reply must fit the 4 MiB default message limit of every gRPC client. */
  public static final int READ_LIMIT_BYTES = 4 * 1024 * 1024 - 1024;

  private static final Logger logger = Logger.getLogger(FileStore.class.getName());

  private final SandboxRoot root;
  private final long maxFileBytes;
  private final DiskWriter diskWriter;
  /** Runs temp files' background flushes ({@link Writeback}); threads exist only while used. */
  private final ExecutorService writeback = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "files-writeback");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * Hashes uploads while their bytes are written ({@link OverlappedSha256}): one thread per
   * upload in progress at most, as each has at most one chunk being hashed.
   */
  private final ExecutorService hasher = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "files-sha256");
    thread.setDaemon(true);
    return thread;
  });

  FileStore(SandboxRoot root, long maxFileBytes, DiskWriter diskWriter) {
    this.root = root;
    this.maxFileBytes = maxFileBytes;
    this.diskWriter = diskWriter;
  }

  /** Creates the root if missing, removes temp files a crash left behind, and logs the root. */
  public static FileStore open(FilesConfig config) throws IOException {
    return open(config, DiskWriter.DIRECT);
  }

  static FileStore open(FilesConfig config, DiskWriter diskWriter) throws IOException {
    SandboxRoot root = SandboxRoot.open(config.root());
    int stale = removeStaleTemps(root.realPath());
    logger.info("files root " + root.realPath() + " (max file size " + config.maxFileBytes()
        + " bytes" + (stale > 0 ? ", removed " + stale + " stale temp file(s)" : "") + ")");
    if (!DirectoryFds.available()) {
      logger.warning("java.base does not open sun.nio.fs to the server: missing folders are "
          + "created by path (run with --add-opens java.base/sun.nio.fs=ALL-UNNAMED, as the "
          + "server jar does, to create them through the parent's descriptor)");
    }
    return new FileStore(root, config.maxFileBytes(), diskWriter);
  }

  /** The root folder, links resolved. */
  public Path root() {
    return root.realPath();
  }

  /** The whole file as text; refuses what does not fit one message or is not UTF-8. */
  public String read(FilePath path) {
    try (FileChannel channel = openForReading(path)) {
      long size = channel.size();
      if (size > READ_LIMIT_BYTES) {
        throw new ProblemException(Problem.FAILED_PRECONDITION, path.quoted() + " is " + size
            + " bytes, over Read's limit of " + READ_LIMIT_BYTES + "; use Download");
      }
      ByteBuffer content = ByteBuffer.allocate((int) size);
      // Up to the size seen at open: one descriptor, one inode, so never a torn mix.
      while (content.hasRemaining() && channel.read(content) >= 0) {
        // keep reading
      }
      content.flip();
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(content)
          .toString();
    } catch (CharacterCodingException e) {
      throw new ProblemException(Problem.FAILED_PRECONDITION,
          path.quoted() + " is not UTF-8 text; use Download for arbitrary bytes");
    } catch (IOException e) {
      throw IoFailures.toProblem(e, "reading", path, root());
    }
  }

  /** Replaces (or creates, with its folders) {@code path} with {@code content}, atomically. */
  public void write(FilePath path, ByteBuffer content) {
    checkSize(path, content.remaining());
    try (SecureDirectoryStream<Path> folder = root.openFolder(path.parent(), true)) {
      refuseUnwritableTarget(folder, path);
      try (TempFile temp = TempFile.create(folder, diskWriter, writeback)) {
        temp.write(content);
        commit(temp, folder, path);
      }
    } catch (IOException e) {
      throw IoFailures.toProblem(e, "writing", path, root());
    }
  }

  /**
   * Starts an upload to {@code path}; its bytes go to a temp file until {@link Upload#finish}.
   *
   * @param declaredSize the size the client announced, or a negative value for unknown
   */
  public Upload startUpload(FilePath path, long declaredSize) {
    if (declaredSize >= 0) {
      checkSize(path, declaredSize);
    }
    SecureDirectoryStream<Path> folder = null;
    try {
      folder = root.openFolder(path.parent(), true);
      refuseUnwritableTarget(folder, path);
      TempFile temp = TempFile.create(folder, diskWriter, writeback);
      return new Upload(this, path, folder, temp, declaredSize, hasher);
    } catch (IOException | RuntimeException e) {
      closeQuietly(folder);
      throw e instanceof IOException io ? IoFailures.toProblem(io, "uploading", path, root())
          : (RuntimeException) e;
    }
  }

  /** Opens {@code path} to be read from {@code offset} on. */
  public Download openDownload(FilePath path, long offset) {
    if (offset < 0) {
      throw ProblemException.invalidArgument("offset " + offset + " is negative").at("offset");
    }
    FileChannel channel = openForReading(path);
    try {
      long size = channel.size();
      if (offset > size) {
        throw ProblemException.invalidArgument("offset " + offset + " is beyond the end of "
            + path.quoted() + " (" + size + " bytes)").at("offset");
      }
      return new Download(channel, offset);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e instanceof IOException io ? IoFailures.toProblem(io, "reading", path, root())
          : (RuntimeException) e;
    }
  }

  /** The files and folders directly in {@code path}, sorted by name; links and temps hidden. */
  public List<FolderEntry> list(FilePath path) {
    List<FolderEntry> entries = new ArrayList<>();
    try (SecureDirectoryStream<Path> folder = root.openFolder(path, false)) {
      for (Path entry : folder) {
        Path name = entry.getFileName();
        if (TempNames.isTemp(name.toString())) {
          continue;
        }
        BasicFileAttributes attributes;
        try {
          attributes = folder.getFileAttributeView(name, BasicFileAttributeView.class,
              java.nio.file.LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
          continue; // removed while we listed
        }
        // Links are never followed by any method, so listing them would only offer dead ends.
        if (attributes.isDirectory()) {
          entries.add(new FolderEntry(name.toString(), 0, true));
        } else if (attributes.isRegularFile()) {
          entries.add(new FolderEntry(name.toString(), attributes.size(), false));
        }
      }
    } catch (IOException e) {
      throw IoFailures.toProblem(e, "listing", path, root());
    }
    entries.sort(Comparator.comparing(FolderEntry::name));
    return entries;
  }

  void checkSize(FilePath path, long size) {
    if (size > maxFileBytes) {
      throw new ProblemException(Problem.RESOURCE_EXHAUSTED, path.quoted() + " would be " + size
          + " bytes, over the server's per-file limit of " + maxFileBytes);
    }
  }

  /** Renames the temp over {@code path}; a folder raced into its place is the caller's problem. */
  void commit(TempFile temp, SecureDirectoryStream<Path> folder, FilePath path)
      throws IOException {
    try {
      temp.commitAs(path.name());
    } catch (IOException e) {
      refuseUnwritableTarget(folder, path);
      throw e;
    }
  }

  private FileChannel openForReading(FilePath path) {
    try (SecureDirectoryStream<Path> folder = root.openFolder(path.parent(), false)) {
      return SandboxRoot.openFile(folder, path.name(), path.toString(),
          Set.of(StandardOpenOption.READ));
    } catch (ProblemException e) {
      if (e.problem() == Problem.NOT_FOUND) {
        // A missing folder on the way means the file is missing: say so about the file.
        throw new ProblemException(Problem.NOT_FOUND, path.quoted() + " does not exist")
            .because("FILE_NOT_FOUND");
      }
      throw e;
    } catch (IOException e) {
      throw IoFailures.toProblem(e, "opening", path, root());
    }
  }

  /** A link or a folder at the destination is refused; a missing or regular file is fine. */
  private static void refuseUnwritableTarget(SecureDirectoryStream<Path> folder, FilePath path)
      throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = SandboxRoot.attributesOrThrow(folder, Path.of(path.name()), path.toString(),
          null);
    } catch (ProblemException e) {
      if (e.problem() == Problem.NOT_FOUND) {
        return;
      }
      throw e;
    }
    if (attributes.isDirectory()) {
      throw new ProblemException(Problem.FAILED_PRECONDITION,
          path.quoted() + " is a folder; only files can be written");
    }
    if (!attributes.isRegularFile()) {
      throw new ProblemException(Problem.FAILED_PRECONDITION,
          path.quoted() + " is not a regular file");
    }
  }

  /** Deletes temp files left by a crash; at start, before any call can be writing one. */
  private static int removeStaleTemps(Path realRoot) throws IOException {
    AtomicInteger removed = new AtomicInteger();
    Files.walkFileTree(realRoot, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        // walkFileTree does not follow links, so this never leaves the root.
        if (TempNames.isTemp(file.getFileName().toString()) && !attributes.isDirectory()) {
          Files.deleteIfExists(file);
          removed.incrementAndGet();
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // an unreadable corner must not stop the server
      }
    });
    return removed.get();
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing a read-only descriptor or a folder handle: nothing to recover.
    }
  }

  @Override
  public void close() {
    writeback.shutdown();
    hasher.shutdown();
    try {
      root.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
