package dev.grpcpolyglot.server.gcn;

import com.google.protobuf.CodedInputStream;
import dev.grpcpolyglot.server.inbound.ProtobufProblems;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes {@code GraphData} wire bytes into a {@link WireGraph} with protobuf's
 * {@link CodedInputStream}, reading the few fields of gcn.proto by tag. It accepts every valid
 * encoding exactly as the generated parser does: fields in any order and repeated, packed and
 * unpacked {@code repeated float} (even mixed in one node), a repeated {@code id} (the last
 * wins), unknown fields of any wire type, and a known field number with an unexpected wire type
 * (treated as unknown, as the generated code does). Node ids must be UTF-8, as proto3 strings.
 * Edge ids are not checked up front (that would mean decoding two million of them): one that
 * is not UTF-8 cannot equal a node id, so it is refused as an unknown id all the same.
 *
 * <p>Memory stays bounded by the limits: beyond {@code maxNodes} nodes or {@code maxEdges}
 * edges the rest is only counted (the validator then refuses the graph by its count), so a
 * request of millions of empty edges cannot make the server allocate for each one.
 */
final class WireGraphParser {
  // Tags are (field number << 3) | wire type; wire types: 2 = length-delimited, 5 = fixed32.
  private static final int GRAPH_NODES = 1 << 3 | 2;
  private static final int GRAPH_EDGES = 2 << 3 | 2;
  private static final int NODE_ID = 1 << 3 | 2;
  private static final int NODE_FEATURES_PACKED = 2 << 3 | 2;
  private static final int NODE_FEATURES_UNPACKED = 2 << 3 | 5;
  private static final int EDGE_SOURCE_ID = 1 << 3 | 2;
  private static final int EDGE_TARGET_ID = 2 << 3 | 2;

  private static final VarHandle LITTLE_ENDIAN_FLOAT =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] wire;
  private final int maxNodes;
  private final int maxEdges;
  private final CodedInputStream in;

  private int nodeCount;
  private byte[] idBytes = new byte[1024];
  private int[] idStart = new int[257];
  private float[] features = new float[4096];
  private int[] featureStart = new int[257];
  private int edgeCount;
  private long[] edgeSlices = new long[512];

  private WireGraphParser(byte[] wire, int maxNodes, int maxEdges) {
    this.wire = wire;
    this.maxNodes = maxNodes;
    this.maxEdges = maxEdges;
    this.in = CodedInputStream.newInstance(wire);
  }

  /** Decodes {@code wire}; never throws for bad bytes (see {@link WireGraph#malformed}). */
  static WireGraph parse(byte[] wire, int maxNodes, int maxEdges) {
    long start = System.nanoTime();
    WireGraphParser parser = new WireGraphParser(wire, maxNodes, maxEdges);
    try {
      parser.readGraph();
    } catch (IOException e) { // InvalidProtocolBufferException: bytes that are not protobuf
      return WireGraph.malformed(wire, "request is not a valid GraphData: "
          + ProtobufProblems.describe(e),
          System.nanoTime() - start);
    } catch (MalformedException e) {
      return WireGraph.malformed(wire, "request is not a valid GraphData: " + e.getMessage(),
          System.nanoTime() - start);
    }
    return parser.build(System.nanoTime() - start);
  }

  private WireGraph build(long parseNanos) {
    return new WireGraph(wire, nodeCount, edgeCount, idBytes, idStart, features, featureStart,
        edgeSlices, null, parseNanos);
  }

  private void readGraph() throws IOException {
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      if (tag == GRAPH_NODES) {
        readNode();
      } else if (tag == GRAPH_EDGES) {
        readEdge();
      } else {
        skipUnknown(tag);
      }
    }
  }

  private void readNode() throws IOException {
    int length = in.readRawVarint32();
    int outer = in.pushLimit(length);
    boolean stored = nodeCount < maxNodes;
    int node = nodeCount++;
    if (stored) {
      ensureNodeCapacity(node + 1);
      featureStart[node + 1] = featureStart[node];
    }
    int idFrom = 0;
    int idLength = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == NODE_ID) {
        idLength = in.readRawVarint32();
        idFrom = in.getTotalBytesRead();
        in.skipRawBytes(idLength);
      } else if (tag == NODE_FEATURES_PACKED) {
        int bytes = in.readRawVarint32();
        int from = in.getTotalBytesRead();
        in.skipRawBytes(bytes); // checks the length against the message first
        if (bytes % Float.BYTES != 0) {
          throw new MalformedException("node " + node + " has a packed float field of "
              + bytes + " bytes, not a multiple of 4");
        }
        if (stored) {
          appendPackedFloats(node, from, bytes / Float.BYTES);
        }
      } else if (tag == NODE_FEATURES_UNPACKED) {
        float value = in.readFloat();
        if (stored) {
          appendFloat(node, value);
        }
      } else {
        skipUnknown(tag);
      }
    }
    in.popLimit(outer);
    if (stored) {
      appendId(node, idFrom, idLength);
    }
  }

  private void readEdge() throws IOException {
    int length = in.readRawVarint32();
    int outer = in.pushLimit(length);
    long source = 0; // offset << 32 | length; an absent id is empty
    long target = 0;
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        break;
      }
      if (tag == EDGE_SOURCE_ID) {
        source = readSlice();
      } else if (tag == EDGE_TARGET_ID) {
        target = readSlice();
      } else {
        skipUnknown(tag);
      }
    }
    in.popLimit(outer);
    int edge = edgeCount++;
    if (edge < maxEdges) {
      if (2 * edge + 1 >= edgeSlices.length) {
        edgeSlices = Arrays.copyOf(edgeSlices, grow(edgeSlices.length, 2 * edge + 2));
      }
      edgeSlices[2 * edge] = source;
      edgeSlices[2 * edge + 1] = target;
    }
  }

  private long readSlice() throws IOException {
    int length = in.readRawVarint32();
    int from = in.getTotalBytesRead();
    in.skipRawBytes(length);
    return ((long) from << 32) | length;
  }

  private void skipUnknown(int tag) throws IOException {
    if (!in.skipField(tag)) {
      throw new MalformedException("unexpected end-group tag");
    }
  }

  private void appendId(int node, int from, int length) {
    int start = idStart[node];
    if (start + length > idBytes.length) {
      idBytes = Arrays.copyOf(idBytes, grow(idBytes.length, start + length));
    }
    System.arraycopy(wire, from, idBytes, start, length);
    idStart[node + 1] = start + length;
    if (!isUtf8(idBytes, start, start + length)) {
      throw new MalformedException("node " + node + " id is not valid UTF-8");
    }
  }

  private void appendPackedFloats(int node, int from, int count) {
    int end = featureStart[node + 1];
    ensureFeatureCapacity(end + count);
    for (int i = 0; i < count; i++) {
      features[end + i] = (float) LITTLE_ENDIAN_FLOAT.get(wire, from + i * Float.BYTES);
    }
    featureStart[node + 1] = end + count;
  }

  private void appendFloat(int node, float value) {
    int end = featureStart[node + 1];
    ensureFeatureCapacity(end + 1);
    features[end] = value;
    featureStart[node + 1] = end + 1;
  }

  private void ensureNodeCapacity(int nodes) {
    if (nodes + 1 > idStart.length) {
      idStart = Arrays.copyOf(idStart, grow(idStart.length, nodes + 1));
      featureStart = Arrays.copyOf(featureStart, idStart.length);
    }
  }

  private void ensureFeatureCapacity(int count) {
    if (count > features.length) {
      features = Arrays.copyOf(features, grow(features.length, count));
    }
  }

  /** Doubles (at least to {@code needed}) so appends stay amortized O(1). */
  private static int grow(int length, int needed) {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, 2L * length));
  }

  /** Whether {@code bytes[from..to)} is well-formed UTF-8; an ASCII-only id is the fast path. */
  static boolean isUtf8(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] < 0) {
        try {
          StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes, from, to - from));
          return true;
        } catch (CharacterCodingException e) {
          return false;
        }
      }
    }
    return true;
  }

  /** A structural problem CodedInputStream does not itself detect. */
  private static final class MalformedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false); // no stack trace: it only carries the message
    }
  }
}
