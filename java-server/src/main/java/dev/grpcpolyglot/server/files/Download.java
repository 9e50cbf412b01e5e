package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An open file being read in chunks from one descriptor: a concurrent replace of the file
 * cannot tear the download, which keeps reading the inode it opened. The caller asks for one
 * chunk at a time, into its own array, so memory stays at a few chunks however large the file.
 */
public final class Download implements AutoCloseable {
  private final FileChannel channel;
  private long position;

  Download(FileChannel channel, long offset) {
    this.channel = channel;
    this.position = offset;
  }

  /**
   * Reads the next bytes into {@code into}, filling it unless the file ends first.
   *
   * @return the bytes read, 0 at the end of the file
   */
  public int next(byte[] into) {
    ByteBuffer buffer = ByteBuffer.wrap(into);
    try {
      while (buffer.hasRemaining()) {
        if (channel.read(buffer, position + buffer.position()) < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a downloaded file failed", e);
    }
    position += buffer.position();
    return buffer.position();
  }

  @Override
  public void close() {
    FileStore.closeQuietly(channel);
  }
}
