package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The SHA-256 of an upload, computed on another thread while the caller writes the same bytes
 * to disk: the call's thread spends the slower of hashing and writing per chunk instead of their
 * sum (profiled per GiB: ~0.7 s of SHA-256 with the CPU's SHA extensions, 0.2-1.4 s of buffered
 * write; see docs/performance.md). The total CPU is the same. Each chunk is hashed completely
 * before {@link #hashWhile} returns, so the caller may then release the chunk's buffers and
 * memory stays bounded by one chunk per upload. Not thread-safe: one upload's chunks are handed
 * over one at a time.
 */
final class OverlappedSha256 {
  /** Below this, handing the bytes to another thread costs more than hashing them here. */
  static final long OVERLAP_MIN_BYTES = 64 * 1024;

  /** Work done on the calling thread while the bytes are hashed. */
  @FunctionalInterface
  interface Work {
    void run() throws IOException;
  }

  private final MessageDigest sha256 = newSha256();
  private final Executor hasher;

  /** @param hasher runs the hashing; may reject (the store is closing): then it runs inline */
  OverlappedSha256(Executor hasher) {
    this.hasher = hasher;
  }

  /**
   * Hashes {@code data} (from its buffers' positions now) while {@code work} runs on this
   * thread, and returns once both are done, whether or not {@code work} fails. {@code work}
   * may consume the buffers (advance their positions): the hash reads views of its own.
   */
  void hashWhile(ByteBuffer[] data, Work work) throws IOException {
    ByteBuffer[] views = new ByteBuffer[data.length];
    for (int i = 0; i < data.length; i++) {
      views[i] = data[i].duplicate();
    }
    CompletableFuture<Void> hashed = TempFile.remaining(data) < OVERLAP_MIN_BYTES
        ? null : start(views);
    if (hashed == null) {
      update(views);
    }
    try {
      work.run();
    } finally {
      // Never return while the hasher still reads: the caller then releases the buffers.
      if (hashed != null) {
        hashed.join();
      }
    }
  }

  /** The digest of every byte hashed so far, in lower-case hex; ends the hash. */
  String hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  private CompletableFuture<Void> start(ByteBuffer[] views) {
    try {
      return CompletableFuture.runAsync(() -> update(views), hasher);
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  private void update(ByteBuffer[] views) {
    for (ByteBuffer view : views) {
      sha256.update(view);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
