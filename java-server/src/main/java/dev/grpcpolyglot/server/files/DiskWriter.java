package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes bytes to a temporary file. The one seam of the store: tests substitute a writer that
 * fails like a full disk, which a real file system cannot be made to do reliably in CI.
 */
@FunctionalInterface
interface DiskWriter {
  /**
   * Writes all of {@code data} (advancing the buffers' positions) or throws. Several buffers go
   * in one gathering write: an upload chunk arrives as a dozen or more transport buffers.
   */
  void write(FileChannel channel, ByteBuffer[] data) throws IOException;

  DiskWriter DIRECT = (channel, data) -> {
    long left = TempFile.remaining(data);
    while (left > 0) {
      left -= channel.write(data);
    }
  };
}
