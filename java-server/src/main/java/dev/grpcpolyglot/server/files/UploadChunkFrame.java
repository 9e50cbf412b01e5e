package dev.grpcpolyglot.server.files;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the protobuf encoding of an {@code UploadRequest} that is exactly one
 * {@code bytes chunk = 2} field: tag byte {@code 0x12}, the length as a varint, then that many
 * bytes, which end the message. That is how every protobuf library encodes a chunk message;
 * for any other bytes this says "not that shape" and the caller parses with protobuf.
 */
final class UploadChunkFrame {
  /** Field 2, wire type 2 (length-delimited). */
  static final int CHUNK_TAG = (2 << 3) | 2;
  /** A varint of a length below 2^31 has at most five bytes. */
  private static final int MAX_LENGTH_BYTES = 5;

  private UploadChunkFrame() {}

  /**
   * The chunk's bytes as views of {@code message}'s buffers (which hold the whole message, in
   * order), or null when the message is not a single chunk field.
   */
  static ByteBuffer[] chunkOf(List<ByteBuffer> message) {
    Cursor cursor = new Cursor(message);
    if (cursor.next() != CHUNK_TAG) {
      return null;
    }
    long length = 0;
    for (int i = 0; ; i++) {
      int b = cursor.next();
      if (b < 0 || i == MAX_LENGTH_BYTES) {
        return null;
      }
      length |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        break;
      }
    }
    return length == cursor.remaining() ? cursor.rest() : null;
  }

  /** Reads bytes across the buffers without moving their positions. */
  private static final class Cursor {
    private final List<ByteBuffer> buffers;
    private int index;
    private int offset;
    private long remaining;

    Cursor(List<ByteBuffer> buffers) {
      this.buffers = buffers;
      for (ByteBuffer buffer : buffers) {
        remaining += buffer.remaining();
      }
    }

    /** The next byte (0..255), or -1 at the end. */
    int next() {
      while (index < buffers.size() && offset == buffers.get(index).remaining()) {
        index++;
        offset = 0;
      }
      if (index == buffers.size()) {
        return -1;
      }
      ByteBuffer buffer = buffers.get(index);
      remaining--;
      return buffer.get(buffer.position() + offset++) & 0xff;
    }

    long remaining() {
      return remaining;
    }

    /** Views of every byte not read yet. */
    ByteBuffer[] rest() {
      List<ByteBuffer> rest = new ArrayList<>(buffers.size() - index);
      for (int i = index; i < buffers.size(); i++) {
        ByteBuffer buffer = buffers.get(i);
        int skip = i == index ? offset : 0;
        if (buffer.remaining() > skip) {
          rest.add(buffer.slice(buffer.position() + skip, buffer.remaining() - skip));
        }
      }
      return rest.toArray(new ByteBuffer[0]);
    }
  }
}
