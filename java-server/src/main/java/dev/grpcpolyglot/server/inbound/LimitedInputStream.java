package dev.grpcpolyglot.server.inbound;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails a read once more than {@code limit} bytes have come out of the stream. Wrapped around a
 * decompressing stream it stops the inflation itself at the limit, so a small compressed
 * message cannot make the server inflate (and hold) more than one limit's worth.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;
  private boolean exceeded;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Whether a read went past the limit (the parser may have wrapped the exception). */
  boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read = super.read(buffer, offset, length);
    if (read > 0) {
      count(read);
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would make the count wrong
  }

  private void count(long bytes) throws IOException {
    count += bytes;
    if (count > limit) {
      exceeded = true;
      throw new IOException("message larger than " + limit + " bytes");
    }
  }
}
