package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.grpcpolyglot.proto.muxs.Chunk;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Download messages read into reused arrays: the data found in place, whatever the shape. */
class ReceivedChunkTest {
  final ReceivedChunk.Pool pool = new ReceivedChunk.Pool();
  final ReceivedChunk.Marshaller marshaller = new ReceivedChunk.Marshaller(pool);

  /** Like gRPC's message streams: knows its length. */
  static final class Message extends ByteArrayInputStream implements KnownLength {
    Message(byte[] bytes) {
      super(bytes);
    }
  }

  static byte[] dataOf(ReceivedChunk chunk) {
    return Arrays.copyOfRange(chunk.array(), chunk.offset(), chunk.offset() + chunk.length());
  }

  @Test
  void findsTheDataOfEverySize() {
    Random random = new Random(5);
    for (int size : new int[] {0, 1, 127, 128, 16_384, 262_144, 2_097_152}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      byte[] wire = Chunk.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();
      assertArrayEquals(data, dataOf(marshaller.parse(new Message(wire))), "size " + size);
      assertArrayEquals(data, dataOf(marshaller.parse(new ByteArrayInputStream(wire))));
    }
  }

  @Test
  void otherShapesMeanWhatProtobufSays() {
    byte[] data = {1, 2, 3, 4};
    byte[] withUnknown = Chunk.newBuilder().setData(ByteString.copyFrom(data))
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(7, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
        .build().toByteArray();
    assertArrayEquals(data, dataOf(marshaller.parse(new Message(withUnknown))));
    byte[] first = Chunk.newBuilder().setData(ByteString.copyFrom(new byte[] {9})).build()
        .toByteArray();
    byte[] second = Chunk.newBuilder().setData(ByteString.copyFrom(data)).build().toByteArray();
    byte[] twice = new byte[first.length + second.length];
    System.arraycopy(first, 0, twice, 0, first.length);
    System.arraycopy(second, 0, twice, first.length, second.length);
    assertArrayEquals(data, dataOf(marshaller.parse(new Message(twice))), "last field wins");
    byte[] truncated = Arrays.copyOf(second, second.length - 1);
    assertThrows(RuntimeException.class, () -> marshaller.parse(new Message(truncated)));
  }

  @Test
  void aGivenBackArrayIsReused() {
    byte[] wire = Chunk.newBuilder().setData(ByteString.copyFrom(new byte[1000])).build()
        .toByteArray();
    ReceivedChunk chunk = marshaller.parse(new Message(wire));
    pool.give(chunk.array());
    assertSame(chunk.array(), marshaller.parse(new Message(wire)).array());
    InputStream bigger = new Message(Chunk.newBuilder()
        .setData(ByteString.copyFrom(new byte[5000])).build().toByteArray());
    pool.give(chunk.array());
    assertEquals(5000, marshaller.parse(bigger).length(), "a too-small array was used");
  }
}
