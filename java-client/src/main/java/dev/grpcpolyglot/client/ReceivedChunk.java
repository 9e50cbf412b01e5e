package dev.grpcpolyglot.client;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.grpcpolyglot.proto.muxs.Chunk;
import dev.grpcpolyglot.proto.muxs.DownloadRequest;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;

/**
 * One received Download message: its bytes are {@code array[offset, offset + length)}, in an
 * array the download gives back to its {@link Pool} once it has hashed and written them. The
 * generated protobuf parser copies each chunk twice (into a parse buffer, then into a new,
 * zeroed array); this reads the message once, into a reused array, and finds the data in place.
 *
 * @param array holds the message; reused once given back
 * @param offset where the data starts in {@code array}
 * @param length bytes of data
 */
@SuppressWarnings("ArrayRecordComponent") // a view of a received buffer: copying it is what this avoids
record ReceivedChunk(byte[] array, int offset, int length) {
  /** Field 1 ({@code data}), wire type 2 (length-delimited). */
  private static final int DATA_TAG = (1 << 3) | 2;

  /** Download, with responses parsed by {@link Marshaller} into arrays from {@code pool}. */
  static MethodDescriptor<DownloadRequest, ReceivedChunk> method(Pool pool) {
    MethodDescriptor<DownloadRequest, Chunk> generated = FileControllerGrpc.getDownloadMethod();
    return generated.toBuilder(generated.getRequestMarshaller(), new Marshaller(pool)).build();
  }

  /**
   * Arrays for one download's messages. Parsing and consuming run on the caller's thread (a
   * blocking call), so one or two arrays circulate; a message bigger than a free array gets a
   * new one.
   */
  static final class Pool {
    private static final int CAPACITY = 4;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    synchronized byte[] take(int size) {
      byte[] array = free.pollFirst();
      return array != null && array.length >= size ? array : new byte[size];
    }

    synchronized void give(byte[] array) {
      if (free.size() < CAPACITY) {
        free.addFirst(array);
      }
    }
  }

  /**
   * Reads each message into a pooled array. A message that is exactly one {@code data} field
   * (how every protobuf library encodes a Chunk) is used in place; anything else is parsed by
   * protobuf, so the wire format means what protobuf says in every case.
   */
  static final class Marshaller implements MethodDescriptor.Marshaller<ReceivedChunk> {
    private final Pool pool;

    Marshaller(Pool pool) {
      this.pool = pool;
    }

    @Override
    public InputStream stream(ReceivedChunk chunk) {
      throw new UnsupportedOperationException("the client never sends Download responses");
    }

    @Override
    public ReceivedChunk parse(InputStream stream) {
      try {
        if (!(stream instanceof KnownLength)) {
          return copyOf(Chunk.parseFrom(stream));
        }
        int size = stream.available();
        byte[] array = pool.take(size);
        if (stream.readNBytes(array, 0, size) != size || stream.read() != -1) {
          throw new IOException("message stream length differs from its announced " + size);
        }
        int offset = dataOffset(array, size);
        if (offset >= 0) {
          return new ReceivedChunk(array, offset, size - offset);
        }
        ReceivedChunk parsed = copyOf(Chunk.parseFrom(CodedInputStream.newInstance(array, 0, size)));
        pool.give(array);
        return parsed;
      } catch (InvalidProtocolBufferException e) {
        throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
            .asRuntimeException();
      } catch (IOException e) {
        throw new UncheckedIOException("reading a received message failed", e);
      }
    }

    private static ReceivedChunk copyOf(Chunk chunk) {
      byte[] data = chunk.getData().toByteArray();
      return new ReceivedChunk(data, 0, data.length);
    }

    /**
     * Where the data starts if {@code array[0, size)} is exactly one {@code data} field (tag,
     * varint length, that many bytes), else -1.
     */
    static int dataOffset(byte[] array, int size) {
      if (size < 2 || (array[0] & 0xff) != DATA_TAG) {
        return -1;
      }
      long length = 0;
      for (int i = 1; i < size && i <= 5; i++) {
        length |= (long) (array[i] & 0x7f) << (7 * (i - 1));
        if ((array[i] & 0x80) == 0) {
          return length == size - (i + 1) ? i + 1 : -1;
        }
      }
      return -1;
    }
  }
}
