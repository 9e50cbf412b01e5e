package dev.grpcpolyglot.server.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The zero-copy Upload parser: a chunk message becomes views of the transport's buffers,
 * whatever the buffer boundaries; every other message means what protobuf says it means; and
 * the transport's buffers are released on every path.
 */
class UploadMessageMarshallerTest {
  final UploadMessageMarshaller marshaller = new UploadMessageMarshaller();

  static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  static byte[] chunkMessage(byte[] data) {
    return UploadRequest.newBuilder().setChunk(ByteString.copyFrom(data)).build().toByteArray();
  }

  static byte[] concat(ByteBuffer[] pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer piece : pieces) {
      byte[] bytes = new byte[piece.remaining()];
      piece.duplicate().get(bytes);
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void aChunkIsViewsOfTheTransportBuffersWhereverTheyAreCut() {
    byte[] data = randomBytes(300_000); // a three-byte length varint
    byte[] wire = chunkMessage(data);
    int[][] cutsList = {{}, {1}, {2}, {3}, {4}, {1, 2, 3}, {5, 16_384, 32_768}, {wire.length - 1}};
    for (int[] cuts : cutsList) {
      TransportBufferStream stream = TransportBufferStream.of(wire, cuts);
      UploadMessage message = marshaller.parse(stream);
      assertFalse(message.hasHeader());
      for (ByteBuffer piece : message.chunk()) {
        assertTrue(piece.isDirect(), "a copy was made");
      }
      assertArrayEquals(data, concat(message.chunk()));
      TransportBufferStream detached = stream.detachedCopies.get(0);
      assertFalse(detached.closed, "released while the chunk is still in use");
      message.close();
      assertTrue(detached.closed, "transport buffers not released");
    }
  }

  @Test
  void anEmptyChunkIsAChunk() {
    TransportBufferStream stream = TransportBufferStream.of(chunkMessage(new byte[0]));
    try (UploadMessage message = marshaller.parse(stream)) {
      assertFalse(message.hasHeader());
      assertEquals(0, concat(message.chunk()).length);
    }
  }

  @Test
  void otherShapesAreParsedByProtobufAndReleasedAtOnce() {
    byte[] data = randomBytes(5000);
    UploadRequest withUnknownField = UploadRequest.newBuilder()
        .setChunk(ByteString.copyFrom(data))
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(9, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
            .build())
        .build();
    // Two chunk fields: protobuf keeps the last one.
    byte[] twoChunks = concat(new ByteBuffer[] {
        ByteBuffer.wrap(chunkMessage(new byte[] {1, 2, 3})), ByteBuffer.wrap(chunkMessage(data))});
    for (byte[] wire : new byte[][] {withUnknownField.toByteArray(), twoChunks}) {
      TransportBufferStream stream = TransportBufferStream.of(wire, 1, 3);
      UploadMessage message = marshaller.parse(stream);
      assertArrayEquals(data, concat(message.chunk()));
      assertTrue(stream.detachedCopies.get(0).closed, "fallback did not release the buffers");
    }
    UploadRequest header = UploadRequest.newBuilder()
        .setHeader(UploadHeader.newBuilder().setFilename("a/b.bin").setSize(12)).build();
    TransportBufferStream stream = TransportBufferStream.of(header.toByteArray(), 2);
    UploadMessage message = marshaller.parse(stream);
    assertTrue(message.hasHeader());
    assertEquals("a/b.bin", message.header().getFilename());
    assertEquals(12, message.header().getSize());
    assertTrue(stream.detachedCopies.get(0).closed);
  }

  @Test
  void malformedBytesFailAndAreReleased() {
    byte[] wire = chunkMessage(randomBytes(1000));
    byte[] truncated = java.util.Arrays.copyOf(wire, wire.length - 10);
    TransportBufferStream stream = TransportBufferStream.of(truncated, 4);
    assertThrows(RuntimeException.class, () -> marshaller.parse(stream));
    assertTrue(stream.detachedCopies.get(0).closed, "buffers leaked on a parse failure");
  }

  @Test
  void streamsThatCannotBeDetachedAreCopied() {
    byte[] data = randomBytes(1000);
    try (UploadMessage message = marshaller.parse(new ByteArrayInputStream(chunkMessage(data)))) {
      assertArrayEquals(data, concat(message.chunk()));
    }
  }
}
