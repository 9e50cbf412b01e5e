package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses Upload messages without copying their chunk. When the transport's message stream can
 * hand over its buffers (grpc-java's {@link Detachable} + {@link HasByteBuffer}, as the Netty
 * transport's does), the stream is detached and a chunk message becomes views of those direct
 * buffers, so the bytes go from the socket's buffers to the file with one copy, the kernel's.
 * The default path copies each chunk three more times: into a parse buffer, into a new heap
 * array (protobuf 4 copies even aliased direct buffers onto the heap), and into a direct
 * buffer for the file write.
 *
 * <p>Only the shape every client sends takes the fast path: the message is exactly one
 * {@code chunk} field ({@link UploadChunkFrame}). Anything else (the header, unknown fields,
 * odd encodings) and streams that cannot be detached (the in-process transport) are parsed by
 * the generated protobuf marshaller, so the wire format's meaning is protobuf's in every case.
 */
final class UploadMessageMarshaller implements MethodDescriptor.Marshaller<UploadMessage> {
  /** The generated method's marshaller: copies, understands any valid message. */
  private static final MethodDescriptor.Marshaller<UploadRequest> COPYING =
      FileControllerGrpc.getUploadMethod().getRequestMarshaller();

  @Override
  public InputStream stream(UploadMessage message) {
    throw new UnsupportedOperationException("the server never sends Upload requests");
  }

  @Override
  public UploadMessage parse(InputStream stream) {
    if (!(stream instanceof KnownLength && stream instanceof Detachable detachable
        && stream instanceof HasByteBuffer buffers && buffers.byteBufferSupported())) {
      return UploadMessage.of(COPYING.parse(stream));
    }
    InputStream detached = detachable.detach();
    try {
      ByteBuffer[] chunk = UploadChunkFrame.chunkOf(buffersOf(detached));
      if (chunk != null) {
        return UploadMessage.aliasing(chunk, detached);
      }
      try (detached) {
        return UploadMessage.of(COPYING.parse(detached));
      }
    } catch (IOException e) {
      closeQuietly(detached);
      throw new UncheckedIOException("reading a received message failed", e);
    } catch (RuntimeException e) {
      closeQuietly(detached);
      throw e;
    }
  }

  /**
   * Views of every buffer of the message, in order; the stream is left at its start and keeps
   * the buffers (marked, it does not release what it has been read past) until closed.
   */
  private static List<ByteBuffer> buffersOf(InputStream detached) throws IOException {
    detached.mark(detached.available());
    List<ByteBuffer> buffers = new ArrayList<>();
    while (detached.available() > 0) {
      ByteBuffer buffer = ((HasByteBuffer) detached).getByteBuffer();
      buffers.add(buffer);
      detached.skip(buffer.remaining());
    }
    detached.reset();
    return buffers;
  }

  private static void closeQuietly(InputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Releasing gRPC's buffers does not fail.
    }
  }
}
