package dev.grpcpolyglot.server.files;

import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A message stream like the Netty transport's: a sequence of direct buffers that can be
 * detached and read buffer by buffer. Records whether whoever owns it closed it.
 */
final class TransportBufferStream extends InputStream
    implements KnownLength, Detachable, HasByteBuffer {
  private List<ByteBuffer> buffers;
  private int index;
  private int offset;
  private int markIndex;
  private int markOffset;
  final List<TransportBufferStream> detachedCopies = new ArrayList<>();
  boolean closed;

  /** {@code bytes} split into direct buffers at {@code cuts} (ascending offsets). */
  static TransportBufferStream of(byte[] bytes, int... cuts) {
    List<ByteBuffer> buffers = new ArrayList<>();
    int start = 0;
    for (int cut : cuts) {
      buffers.add(direct(bytes, start, cut));
      start = cut;
    }
    buffers.add(direct(bytes, start, bytes.length));
    return new TransportBufferStream(buffers);
  }

  private static ByteBuffer direct(byte[] bytes, int from, int to) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(to - from);
    buffer.put(bytes, from, to - from).flip();
    return buffer;
  }

  private TransportBufferStream(List<ByteBuffer> buffers) {
    this.buffers = buffers;
  }

  @Override
  public InputStream detach() {
    TransportBufferStream detached = new TransportBufferStream(buffers);
    detached.index = index;
    detached.offset = offset;
    buffers = List.of();
    index = 0;
    offset = 0;
    detachedCopies.add(detached);
    return detached;
  }

  @Override
  public boolean byteBufferSupported() {
    return true;
  }

  @Override
  public ByteBuffer getByteBuffer() {
    skipEmpty();
    ByteBuffer buffer = buffers.get(index);
    return buffer.slice(offset, buffer.remaining() - offset);
  }

  @Override
  public int available() {
    int left = 0;
    for (int i = index; i < buffers.size(); i++) {
      left += buffers.get(i).remaining() - (i == index ? offset : 0);
    }
    return left;
  }

  @Override
  public int read() {
    skipEmpty();
    if (index == buffers.size()) {
      return -1;
    }
    return buffers.get(index).get(offset++) & 0xff;
  }

  @Override
  public long skip(long n) {
    long skipped = 0;
    while (skipped < n && read() >= 0) {
      skipped++;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return true;
  }

  @Override
  public void mark(int readLimit) {
    markIndex = index;
    markOffset = offset;
  }

  @Override
  public void reset() {
    index = markIndex;
    offset = markOffset;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void skipEmpty() {
    while (index < buffers.size() && offset == buffers.get(index).remaining()) {
      index++;
      offset = 0;
    }
  }
}
