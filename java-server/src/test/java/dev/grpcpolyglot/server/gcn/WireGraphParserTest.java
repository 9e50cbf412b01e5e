package dev.grpcpolyglot.server.gcn;

import static dev.grpcpolyglot.server.gcn.Graphs.edge;
import static dev.grpcpolyglot.server.gcn.Graphs.node;
import static dev.grpcpolyglot.server.gcn.WireBytes.message;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire decoder against the generated one: every valid encoding decodes to the graph the
 * generated parser sees (same scores, same refusals), broken bytes to a reason, never a throw.
 */
class WireGraphParserTest {
  private static final GcnModel MODEL = new GcnModel(GcnConfig.defaults());
  /** Characters of 2, 2, 3 and 4 UTF-8 bytes. */
  private static final String[] WIDE = {"é", "ß", "€", "\uD83D\uDE00"};

  @Test
  void unpackedMixedReorderedRepeatedAndUnknownFieldsDecodeLikeTheGeneratedParser() {
    byte[] wire = message()
        .message(2, message().unknownOfEveryType(9).string(2, "node2").string(1, "node1"))
        .unknownOfEveryType(15)
        .message(1, message().floatUnpacked(2, 0.1f).string(1, "first-id-is-replaced")
            .floatsPacked(2, 0.2f).unknownOfEveryType(7).floatUnpacked(2, 0.3f)
            .string(1, "node1"))
        .varint(1, 42) // field 1 (nodes) with the varint wire type: an unknown field
        .message(1, message().floatsPacked(2, 0.4f, 0.5f).floatsPacked(2).string(1, "node2")
            .floatUnpacked(2, 0.6f))
        .toByteArray();

    WireGraph graph = WireGraphParser.parse(wire, 100, 100);

    assertNull(graph.malformed);
    assertEquals("node1", graph.nodeId(0));
    assertEquals("node2", graph.nodeId(1));
    assertEquals(3, graph.featureCount(0));
    assertEquals(0.3f, graph.feature(0, 2));
    assertEquals(0.6f, graph.feature(1, 2));
    double[] scores = MODEL.score(graph, Cancellation.NEVER);
    assertArrayEquals(scoresOfGenerated(GraphDataOf.wire(wire)), scores);
    assertArrayEquals(scoresOfGenerated(Graphs.workedExample()), scores);
    assertEquals(0.586618, scores[0], 1e-6);
  }

  @Test
  void idsOfEveryLengthAndScriptResolveLikeStrings() {
    Random random = new Random(7);
    GraphData.Builder graph = GraphData.newBuilder();
    String[] ids = new String[300];
    for (int i = 0; i < ids.length; i++) {
      // lengths 1..24 across the 7-byte inline boundary, ASCII and multi-byte characters
      StringBuilder id = new StringBuilder();
      for (int k = 0, n = 1 + i % 24; k < n; k++) {
        id.append(random.nextBoolean() ? "abc".substring(k % 3, k % 3 + 1) : WIDE[k % 4]);
      }
      ids[i] = id + "#" + i;
      graph.addNodes(node(ids[i], random.nextFloat() - 0.5f, random.nextFloat()));
    }
    for (int e = 0; e < 2000; e++) {
      graph.addEdges(edge(ids[random.nextInt(ids.length)], ids[random.nextInt(ids.length)]));
    }
    GraphData data = graph.build();

    double[] scores = MODEL.score(WireGraphParser.parse(data.toByteArray(), 1000, 10_000),
        Cancellation.NEVER);

    assertArrayEquals(scoresOfGenerated(data), scores, 1e-12);
    byte[] reply = NodeScoresMarshaller.encode(
        new NodeScores(WireGraphParser.parse(data.toByteArray(), 1000, 10_000), scores));
    GCNResult result = GraphDataOf.result(reply);
    for (int i = 0; i < ids.length; i++) {
      assertEquals((float) scores[i], result.getNodeScoresOrThrow(ids[i]));
    }
  }

  @Test
  void refusalsNameTheSameCulpritAsTheGeneratedPath() {
    GraphData[] invalid = {
      GraphData.newBuilder().addNodes(node("a", 1)).addNodes(node("a", 2)).build(),
      GraphData.newBuilder().addNodes(node("a", 1)).addNodes(node("", 1)).build(),
      GraphData.newBuilder().addNodes(node("long-node-id-a", 1)).addNodes(node("b", 1))
          .addEdges(edge("b", "long-node-id-a")).addEdges(edge("long-node-id-b", "b")).build(),
      GraphData.newBuilder().addNodes(node("a", 1)).addEdges(edge("a", "")).build(),
      GraphData.newBuilder().addNodes(node("a", 1, 2)).addNodes(node("b", 1)).build(),
      GraphData.newBuilder().addNodes(node("a", 1, Float.NaN)).build(),
    };
    for (GraphData graph : invalid) {
      ProblemException expected = assertThrows(ProblemException.class,
          () -> MODEL.score(new ProtoGraphSource(graph), Cancellation.NEVER));
      ProblemException actual = assertThrows(ProblemException.class, () -> MODEL.score(
          WireGraphParser.parse(graph.toByteArray(), 100, 100), Cancellation.NEVER));
      assertEquals(expected.getMessage(), actual.getMessage());
    }
  }

  @Test
  void brokenBytesGiveAReasonInsteadOfThrowing() {
    byte[] valid = Graphs.workedExample().toByteArray();
    byte[][] broken = {
      java.util.Arrays.copyOf(valid, valid.length - 3), // truncated inside the last edge
      {0}, // tag zero
      message().raw((byte) 0x0A, (byte) 0x7F, (byte) 0x0A).toByteArray(), // length past the end
      message().message(1, message().raw((byte) 0x12, (byte) 3, (byte) 1, (byte) 2, (byte) 3))
          .toByteArray(), // packed floats of 3 bytes
      message().message(1, message().bytes(1, new byte[] {(byte) 0xC3, (byte) 0x28}))
          .toByteArray(), // node id that is not UTF-8
      message().raw((byte) 0x0C).toByteArray(), // end-group tag with no group
      message().raw((byte) 0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
          (byte) 0x01).toByteArray(), // malformed varint length
      nestedGroups(100_000), // deeper than protobuf's recursion limit
    };
    for (byte[] bytes : broken) {
      WireGraph graph = WireGraphParser.parse(bytes, 100, 100);
      assertTrue(graph.malformed != null
          && graph.malformed.startsWith("request is not a valid GraphData: "), graph.malformed);
      // Protobuf's own texts name Java classes and setters; callers in any language get ours.
      assertFalse(graph.malformed.matches(".*(CodedInputStream|set[A-Z]\\w*\\(\\)|Exception).*"),
          graph.malformed);
    }
  }

  @Test
  void beyondTheLimitsItemsAreCountedNotStored() {
    WireBytes wire = message().message(1, message().string(1, "a"));
    for (int i = 0; i < 100_000; i++) {
      wire.message(2, message());
    }

    WireGraph graph = WireGraphParser.parse(wire.toByteArray(), 100, 10);

    assertEquals(100_000, graph.edgeCount);
    // The initial capacity, never grown: the edges past the limit were skipped.
    assertTrue(graph.edgeSlices.length <= 512, "stored " + graph.edgeSlices.length);
  }

  static byte[] nestedGroups(int depth) {
    byte[] bytes = new byte[2 * depth];
    for (int i = 0; i < depth; i++) {
      bytes[i] = 0x7B; // field 15, start group
      bytes[2 * depth - 1 - i] = 0x7C; // field 15, end group
    }
    return bytes;
  }

  private static double[] scoresOfGenerated(GraphData graph) {
    return MODEL.score(new ProtoGraphSource(graph), Cancellation.NEVER);
  }

  /** The generated parser's reading of bytes, as the reference. */
  private static final class GraphDataOf {
    static GraphData wire(byte[] bytes) {
      try {
        return GraphData.parseFrom(bytes);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }

    static GCNResult result(byte[] bytes) {
      try {
        return GCNResult.parseFrom(bytes);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
  }
}
