package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.proto.muxs.Chunk;
import io.grpc.Drainable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Download messages from pooled arrays: protobuf's exact bytes, and the array comes back. */
class OutgoingChunkTest {
  final OutgoingChunk.Marshaller marshaller = new OutgoingChunk.Marshaller();

  @Test
  void encodesExactlyAsProtobufWhetherDrainedOrRead() throws IOException {
    Random random = new Random(3);
    for (int length : new int[] {1, 127, 128, 16_383, 16_384, 262_144, 2_097_152}) {
      byte[] array = new byte[length + 7]; // arrays are chunk-sized; the tail is not sent
      random.nextBytes(array);
      byte[] expected = Chunk.newBuilder().setData(ByteString.copyFrom(array, 0, length)).build()
          .toByteArray();
      OutgoingChunk.Pool pool = new OutgoingChunk.Pool(array.length, 4);

      ByteArrayOutputStream drained = new ByteArrayOutputStream();
      try (InputStream stream = marshaller.stream(new OutgoingChunk(array, length, pool))) {
        assertEquals(expected.length, stream.available());
        assertEquals(expected.length, ((Drainable) stream).drainTo(drained));
        assertEquals(-1, stream.read());
      }
      assertArrayEquals(expected, drained.toByteArray(), "drained, length " + length);

      try (InputStream stream = marshaller.stream(new OutgoingChunk(array, length, pool))) {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        read.write(stream.read()); // one byte, then the rest in bulk
        read.writeBytes(stream.readAllBytes());
        assertArrayEquals(expected, read.toByteArray(), "read, length " + length);
      }
    }
  }

  @Test
  void anEmptyChunkDecodesAsEmpty() throws IOException {
    OutgoingChunk.Pool pool = new OutgoingChunk.Pool(8, 1);
    try (InputStream stream = marshaller.stream(new OutgoingChunk(new byte[8], 0, pool))) {
      assertEquals(ByteString.EMPTY, Chunk.parseFrom(stream.readAllBytes()).getData());
    }
  }

  @Test
  void theArrayReturnsToThePoolOnceWhenTheTransportClosesTheStream() throws IOException {
    OutgoingChunk.Pool pool = new OutgoingChunk.Pool(16, 2);
    byte[] array = pool.take();
    InputStream stream = marshaller.stream(new OutgoingChunk(array, 16, pool));
    assertNotSame(array, pool.take(), "lent out while still in use");
    stream.close();
    stream.close();
    assertSame(array, pool.take());
    assertNotSame(array, pool.take(), "returned twice");
  }
}
