package dev.grpcpolyglot.server.files;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * One Download message ({@code Chunk}), its bytes in an array borrowed from a per-download
 * {@link Pool} and given back once the transport has serialized it (it closes the message's
 * stream then). Reusing a few arrays instead of a fresh one per chunk saves zeroing 256 KiB per
 * message and the garbage: the file's bytes are read straight into the array the transport
 * copies from. Same wire encoding as protobuf's: {@code bytes data = 1}, i.e. tag {@code 0x0a},
 * the length as a varint, the bytes.
 */
final class OutgoingChunk {
  /** Field 1, wire type 2 (length-delimited). */
  private static final int DATA_TAG = (1 << 3) | 2;

  private final byte[] data;
  private final int length;
  private final Pool pool;

  OutgoingChunk(byte[] data, int length, Pool pool) {
    this.data = data;
    this.length = length;
    this.pool = pool;
  }

  /**
   * A few arrays of one size, shared by a download and the transport threads that serialize
   * its messages. Keeps at most {@code capacity}; a chunk whose stream is never closed (a call
   * ended before sending it) simply leaves its array to the garbage collector.
   */
  static final class Pool {
    private final int arrayBytes;
    private final int capacity;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    Pool(int arrayBytes, int capacity) {
      this.arrayBytes = arrayBytes;
      this.capacity = capacity;
    }

    synchronized byte[] take() {
      byte[] array = free.pollFirst();
      return array != null ? array : new byte[arrayBytes];
    }

    synchronized void give(byte[] array) {
      if (free.size() < capacity) {
        free.addFirst(array);
      }
    }
  }

  /** The marshaller of Download's responses; the server never parses them. */
  static final class Marshaller implements MethodDescriptor.Marshaller<OutgoingChunk> {
    @Override
    public InputStream stream(OutgoingChunk chunk) {
      return chunk.new Encoded();
    }

    @Override
    public OutgoingChunk parse(InputStream stream) {
      throw new UnsupportedOperationException("the server never receives Download responses");
    }
  }

  /** The message's encoding; drained (Netty) or read (in-process), then closed. */
  private final class Encoded extends InputStream implements Drainable, KnownLength {
    private final byte[] header = header(length);
    private int position; // over header then data
    private boolean released;

    private static byte[] header(int length) {
      byte[] bytes = new byte[6];
      int size = 0;
      bytes[size++] = (byte) DATA_TAG;
      int rest = length;
      while ((rest & ~0x7f) != 0) {
        bytes[size++] = (byte) ((rest & 0x7f) | 0x80);
        rest >>>= 7;
      }
      bytes[size++] = (byte) rest;
      return java.util.Arrays.copyOf(bytes, size);
    }

    private int total() {
      return header.length + length;
    }

    @Override
    public int drainTo(OutputStream target) throws IOException {
      int drained = available();
      if (position < header.length) {
        target.write(header, position, header.length - position);
        position = header.length;
      }
      target.write(data, position - header.length, total() - position);
      position = total();
      return drained;
    }

    @Override
    public int available() {
      return total() - position;
    }

    @Override
    public int read() {
      if (position == total()) {
        return -1;
      }
      int value = position < header.length ? header[position] : data[position - header.length];
      position++;
      return value & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
      if (count == 0) {
        return 0;
      }
      if (position == total()) {
        return -1;
      }
      int copied = 0;
      while (copied < count && position < total()) {
        int n;
        if (position < header.length) {
          n = Math.min(count - copied, header.length - position);
          System.arraycopy(header, position, into, offset + copied, n);
        } else {
          n = Math.min(count - copied, total() - position);
          System.arraycopy(data, position - header.length, into, offset + copied, n);
        }
        position += n;
        copied += n;
      }
      return copied;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        pool.give(data);
      }
    }
  }
}
