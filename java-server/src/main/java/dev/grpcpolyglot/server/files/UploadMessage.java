package dev.grpcpolyglot.server.files;

import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * One received Upload message: a header, or a chunk of the file. Parsed by
 * {@link UploadMessageMarshaller}, a chunk may be views of the transport's (pooled, off-heap)
 * receive buffers instead of a copy; those stay reserved until {@link #close}, which the handler
 * calls for every message on every path.
 */
final class UploadMessage implements Closeable {
  private static final ByteBuffer[] NO_BYTES = new ByteBuffer[0];

  private final UploadHeader header;
  private final ByteBuffer[] chunk;
  private final InputStream retainedBuffers;

  private UploadMessage(UploadHeader header, ByteBuffer[] chunk, InputStream retainedBuffers) {
    this.header = header;
    this.chunk = chunk;
    this.retainedBuffers = retainedBuffers;
  }

  /** A message parsed the usual way (its bytes copied): nothing to release. */
  static UploadMessage of(UploadRequest request) {
    return new UploadMessage(request.hasHeader() ? request.getHeader() : null,
        request.getChunk().asReadOnlyByteBufferList().toArray(NO_BYTES), null);
  }

  /** A chunk that is views of {@code retainedBuffers}' buffers, released by {@link #close}. */
  static UploadMessage aliasing(ByteBuffer[] chunk, InputStream retainedBuffers) {
    return new UploadMessage(null, chunk, retainedBuffers);
  }

  boolean hasHeader() {
    return header != null;
  }

  /** The header, or null when this message is a chunk. */
  UploadHeader header() {
    return header;
  }

  /** The chunk's bytes in order (none for a header); valid until {@link #close}. */
  ByteBuffer[] chunk() {
    return chunk;
  }

  /** Releases the transport buffers the chunk may be views of. */
  @Override
  public void close() {
    if (retainedBuffers == null) {
      return;
    }
    try {
      retainedBuffers.close();
    } catch (IOException e) {
      // gRPC's buffer streams do not fail to close; nothing else to release.
    }
  }
}
