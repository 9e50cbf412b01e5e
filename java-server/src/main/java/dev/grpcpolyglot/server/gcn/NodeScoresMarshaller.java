package dev.grpcpolyglot.server.gcn;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes {@link NodeScores} as {@code GCNResult} wire bytes: one {@code node_scores} map entry
 * per node, {@code {1: id, 2: (float) score}}, straight from the id bytes and the score array.
 * The generated builder would first box 100k entries into a map and then walk it to serialize.
 * Server side only: gRPC never parses a reply on the server, so {@link #parse} is unsupported.
 */
final class NodeScoresMarshaller implements MethodDescriptor.Marshaller<NodeScores> {
  private static final int RESULT_NODE_SCORES = 1 << 3 | 2;
  private static final int ENTRY_KEY = 1 << 3 | 2;
  private static final int ENTRY_VALUE = 2 << 3 | 5;
  private static final VarHandle LITTLE_ENDIAN_FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  @Override
  public InputStream stream(NodeScores scores) {
    return new Bytes(encode(scores));
  }

  @Override
  public NodeScores parse(InputStream stream) {
    throw new UnsupportedOperationException("NodeScores is only ever sent by the server");
  }

  static byte[] encode(NodeScores scores) {
    WireGraph graph = scores.graph();
    int[] idStart = graph.idStart;
    int nodes = graph.nodeCount;
    long size = 0;
    for (int i = 0; i < nodes; i++) {
      int entry = entrySize(idStart[i + 1] - idStart[i]);
      size += 1 + varintSize(entry) + entry;
    }
    byte[] out = new byte[Math.toIntExact(size)];
    int p = 0;
    for (int i = 0; i < nodes; i++) {
      int idLength = idStart[i + 1] - idStart[i];
      out[p++] = RESULT_NODE_SCORES;
      p = writeVarint(out, p, entrySize(idLength));
      out[p++] = ENTRY_KEY;
      p = writeVarint(out, p, idLength);
      System.arraycopy(graph.idBytes, idStart[i], out, p, idLength);
      p += idLength;
      out[p++] = ENTRY_VALUE;
      LITTLE_ENDIAN_FLOAT.set(out, p, (float) scores.values()[i]);
      p += Float.BYTES;
    }
    return out;
  }

  /** Key (tag, length, bytes) plus value (tag, fixed32). */
  private static int entrySize(int idLength) {
    return 1 + varintSize(idLength) + idLength + 1 + Float.BYTES;
  }

  /** Bytes of a non-negative varint. */
  private static int varintSize(int value) {
    return (38 - Integer.numberOfLeadingZeros(value | 1)) / 7;
  }

  private static int writeVarint(byte[] out, int p, int value) {
    while ((value & ~0x7F) != 0) {
      out[p++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[p++] = (byte) value;
    return p;
  }

  /** Lets gRPC size the frame up front and copy the bytes once (KnownLength + Drainable). */
  private static final class Bytes extends ByteArrayInputStream implements KnownLength, Drainable {
    Bytes(byte[] bytes) {
      super(bytes);
    }

    @Override
    public int drainTo(OutputStream target) throws java.io.IOException {
      int length = count - pos;
      target.write(buf, pos, length);
      pos = count;
      return length;
    }
  }
}
