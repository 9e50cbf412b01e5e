package dev.grpcpolyglot.server.gcn;

import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The server's request marshaller for ProcessGraph: {@code GraphData} bytes straight into a
 * {@link WireGraph}, skipping the generated message classes (a million {@code Edge} objects and
 * two million Strings for the benchmark graph). Bytes that are not a valid GraphData still parse
 * (into a WireGraph that says why), so the handler answers INVALID_ARGUMENT.
 */
final class GraphDataMarshaller implements MethodDescriptor.Marshaller<WireGraph> {
  private final int maxNodes;
  private final int maxEdges;

  GraphDataMarshaller(int maxNodes, int maxEdges) {
    this.maxNodes = maxNodes;
    this.maxEdges = maxEdges;
  }

  /** The original request bytes (the graph keeps them: its edge ids are slices of them). */
  @Override
  public InputStream stream(WireGraph graph) {
    return new ByteArrayInputStream(graph.wire);
  }

  @Override
  public WireGraph parse(InputStream stream) {
    try {
      return WireGraphParser.parse(readAll(stream), maxNodes, maxEdges);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // gRPC's own buffers do not fail; it fails the call
    }
  }

  /**
   * gRPC's message streams know their length: read into one exact array instead of
   * {@code readAllBytes}' chunk list and final copy (24 MiB for the benchmark graph).
   */
  private static byte[] readAll(InputStream stream) throws IOException {
    if (!(stream instanceof KnownLength)) {
      return stream.readAllBytes();
    }
    byte[] bytes = new byte[stream.available()];
    int read = stream.readNBytes(bytes, 0, bytes.length);
    if (read != bytes.length || stream.read() != -1) {
      throw new IOException("message stream length differs from its announced "
          + bytes.length + " bytes");
    }
    return bytes;
  }
}
