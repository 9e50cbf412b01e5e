package dev.grpcpolyglot.server.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An open file being read in chunks from one descriptor: a concurrent replace of the file
 * cannot tear the download, which keeps reading the inode it opened. The caller asks for one
 * chunk at a time, so memory stays at one chunk however large the file.
 */
public final class Download implements AutoCloseable {
  private final FileChannel channel;
  private long position;

  Download(FileChannel channel, long offset) {
    this.channel = channel;
    this.position = offset;
  }

  /** The next up to {@code maxBytes} bytes in a fresh array, or null at the end of the file. */
  public byte[] next(int maxBytes) {
    ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
    try {
      while (buffer.hasRemaining()) {
        int read = channel.read(buffer, position + buffer.position());
        if (read < 0) {
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading a downloaded file failed", e);
    }
    if (buffer.position() == 0) {
      return null;
    }
    position += buffer.position();
    if (buffer.position() == maxBytes) {
      return buffer.array();
    }
    byte[] tail = new byte[buffer.position()];
    System.arraycopy(buffer.array(), 0, tail, 0, tail.length);
    return tail;
  }

  @Override
  public void close() {
    FileStore.closeQuietly(channel);
  }
}
