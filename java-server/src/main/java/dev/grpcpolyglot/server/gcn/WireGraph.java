package dev.grpcpolyglot.server.gcn;

import java.nio.charset.StandardCharsets;

/**
 * A {@code GraphData} request decoded straight from its wire bytes into a few arrays (see
 * {@link WireGraphParser}): node ids as UTF-8 bytes packed side by side, features as one float
 * array, and each edge endpoint as a slice of the request bytes. A million-edge request thus
 * becomes a handful of arrays instead of a million {@code Edge} objects and two million Strings.
 *
 * <p>A request that is not valid protobuf still becomes a WireGraph, carrying {@link #malformed}
 * so the handler can refuse it with INVALID_ARGUMENT (a marshaller that throws would make gRPC
 * answer INTERNAL or UNKNOWN).
 */
final class WireGraph implements GraphSource {
  /** The request as received; edge endpoints are slices of it. */
  final byte[] wire;
  /** Nodes and edges as sent; only the first max-limit ones are stored (see the parser). */
  final int nodeCount;
  final int edgeCount;
  /** Node i's id is {@code idBytes[idStart[i] .. idStart[i + 1])}. */
  final byte[] idBytes;
  final int[] idStart;
  /** Node i's features are {@code features[featureStart[i] .. featureStart[i + 1])}. */
  final float[] features;
  final int[] featureStart;
  /**
   * Edge e's source_id is slice {@code edgeSlices[2e]}, its target_id {@code edgeSlices[2e+1]},
   * each packed as {@code offset << 32 | length} into {@link #wire}.
   */
  final long[] edgeSlices;
  /** Why the bytes are not a valid GraphData, or null. */
  final String malformed;
  /** Time spent decoding, so the server-time trailer can include it. */
  final long parseNanos;

  WireGraph(byte[] wire, int nodeCount, int edgeCount, byte[] idBytes, int[] idStart,
      float[] features, int[] featureStart, long[] edgeSlices, String malformed,
      long parseNanos) {
    this.wire = wire;
    this.nodeCount = nodeCount;
    this.edgeCount = edgeCount;
    this.idBytes = idBytes;
    this.idStart = idStart;
    this.features = features;
    this.featureStart = featureStart;
    this.edgeSlices = edgeSlices;
    this.malformed = malformed;
    this.parseNanos = parseNanos;
  }

  static WireGraph malformed(byte[] wire, String reason, long parseNanos) {
    return new WireGraph(wire, 0, 0, new byte[0], new int[1], new float[0], new int[1],
        new long[0], reason, parseNanos);
  }

  @Override
  public int nodeCount() {
    return nodeCount;
  }

  @Override
  public String nodeId(int node) {
    return new String(idBytes, idStart[node], idStart[node + 1] - idStart[node],
        StandardCharsets.UTF_8);
  }

  @Override
  public boolean nodeIdIsEmpty(int node) {
    return idStart[node] == idStart[node + 1];
  }

  @Override
  public int featureCount(int node) {
    return featureStart[node + 1] - featureStart[node];
  }

  @Override
  public float feature(int node, int index) {
    return features[featureStart[node] + index];
  }

  @Override
  public int edgeCount() {
    return edgeCount;
  }

  @Override
  public String edgeSourceId(int edge) {
    return sliceAsString(edgeSlices[2 * edge]);
  }

  @Override
  public String edgeTargetId(int edge) {
    return sliceAsString(edgeSlices[2 * edge + 1]);
  }

  @Override
  public NodeIdIndex newNodeIdIndex() {
    return new WireNodeIdIndex(this);
  }

  private String sliceAsString(long slice) {
    // Only for error messages: an id that is not UTF-8 shows replacement characters.
    return new String(wire, (int) (slice >>> 32), (int) slice, StandardCharsets.UTF_8);
  }
}
