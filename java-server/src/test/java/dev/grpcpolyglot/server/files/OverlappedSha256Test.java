package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hashing beside the write: the same digest as hashing in line, and never a buffer read late. */
class OverlappedSha256Test {
  final ExecutorService hasher = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() throws InterruptedException {
    hasher.shutdownNow();
    assertTrue(hasher.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void digestIsTheWholeStreamsWhileTheWorkConsumesTheBuffers() throws Exception {
    byte[] bytes = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(bytes);
    OverlappedSha256 sha256 = new OverlappedSha256(hasher);
    // Chunks above and below the overlap threshold, each split over several direct buffers
    // like a transport's, consumed by the work as a file write consumes them.
    int[] sizes = {1, 1000, (int) OverlappedSha256.OVERLAP_MIN_BYTES, 256 * 1024, 1024 * 1024};
    int offset = 0;
    for (int i = 0; offset < bytes.length; i++) {
      int length = Math.min(sizes[i % sizes.length], bytes.length - offset);
      ByteBuffer[] chunk = directPieces(bytes, offset, length);
      sha256.hashWhile(chunk, () -> {
        for (ByteBuffer piece : chunk) {
          piece.position(piece.limit());
        }
      });
      offset += length;
    }
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(expected, sha256.hex());
  }

  @Test
  void aFailedWorkReturnsOnlyOnceTheHashIsDone() throws Exception {
    CountDownLatch workStarted = new CountDownLatch(1);
    // The hash starts only once the work has begun, so it is still running when the work
    // fails; the caller, told of the failure, then releases (here: overwrites) the buffers.
    OverlappedSha256 sha256 = new OverlappedSha256(task -> hasher.execute(() -> {
      try {
        workStarted.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      task.run();
    }));
    byte[] bytes = new byte[4 * 1024 * 1024];
    new Random(11).nextBytes(bytes);
    ByteBuffer[] chunk = directPieces(bytes, 0, bytes.length);
    IOException failure = new IOException("No space left on device");
    assertEquals(failure, assertThrows(IOException.class, () -> sha256.hashWhile(chunk, () -> {
      workStarted.countDown();
      throw failure;
    })));
    for (ByteBuffer piece : chunk) {
      piece.clear().put(new byte[piece.capacity()]);
    }
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertEquals(expected, sha256.hex(), "the hash read the chunk after hashWhile returned");
  }

  @Test
  void aClosedExecutorHashesInLine() throws Exception {
    hasher.shutdown();
    OverlappedSha256 sha256 = new OverlappedSha256(hasher);
    byte[] bytes = new byte[1024 * 1024];
    sha256.hashWhile(directPieces(bytes, 0, bytes.length), () -> { });
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
        sha256.hex());
  }

  /** {@code length} bytes from {@code offset} as up to three direct buffers. */
  static ByteBuffer[] directPieces(byte[] bytes, int offset, int length) {
    int first = length / 3;
    int second = length / 3;
    int[] cuts = {first, second, length - first - second};
    ByteBuffer[] pieces = new ByteBuffer[3];
    int at = offset;
    for (int i = 0; i < 3; i++) {
      pieces[i] = ByteBuffer.allocateDirect(cuts[i]).put(bytes, at, cuts[i]).flip();
      at += cuts[i];
    }
    return pieces;
  }
}
