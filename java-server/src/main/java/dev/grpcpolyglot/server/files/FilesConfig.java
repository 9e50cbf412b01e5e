package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Settings of the file store.
 *
 * @param root the folder every filename is resolved under; created at start if missing
 * @param maxFileBytes the largest file Write or Upload may store; larger is RESOURCE_EXHAUSTED
 * @param chunkBytes how many bytes each Download message carries
 */
public record FilesConfig(Path root, long maxFileBytes, int chunkBytes) {
  /** 4 GiB: large enough for the 2 GiB files the streaming methods are built for. */
  public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024 * 1024;
  /**
   * 256 KiB: large enough to amortise per-message costs (4,096 messages per GiB), and below
   * G1's humongous-object threshold (half a heap region; regions are 1 MiB for heaps up to
   * 2 GiB). A 1 MiB chunk was a humongous allocation for every message: measured with -Xmx128m,
   * the server ran a GC pause plus a concurrent marking cycle every ~22 MiB transferred; at
   * 256 KiB it runs plain young pauses, every ~50 MiB, and no marking.
   */
  public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
  /** A chunk plus its framing must fit the 4 MiB default message limit of every gRPC client. */
  public static final int MAX_CHUNK_BYTES = 4 * 1024 * 1024 - 1024;

  public FilesConfig {
    if (maxFileBytes < 0) {
      throw new IllegalArgumentException("max file size must not be negative, got " + maxFileBytes);
    }
    if (chunkBytes < 1024 || chunkBytes > MAX_CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "download chunk size must be 1024.." + MAX_CHUNK_BYTES + " bytes, got " + chunkBytes);
    }
  }

  /** The default root: ./polyglot-files under the working directory. */
  public static FilesConfig defaults() {
    return new FilesConfig(Path.of("polyglot-files"), DEFAULT_MAX_FILE_BYTES, DEFAULT_CHUNK_BYTES);
  }

  /**
   * Defaults with a fresh temporary root, so tests never write into the working directory; the
   * root is deleted when the JVM exits.
   */
  public static FilesConfig inTempFolder() {
    try {
      return defaults().withRoot(TempRoots.create());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FilesConfig withRoot(Path newRoot) {
    return new FilesConfig(newRoot, maxFileBytes, chunkBytes);
  }

  public FilesConfig withMaxFileBytes(long newMax) {
    return new FilesConfig(root, newMax, chunkBytes);
  }

  public FilesConfig withChunkBytes(int newChunk) {
    return new FilesConfig(root, maxFileBytes, newChunk);
  }
}
