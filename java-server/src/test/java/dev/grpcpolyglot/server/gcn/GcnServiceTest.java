package dev.grpcpolyglot.server.gcn;

import static dev.grpcpolyglot.server.gcn.Graphs.edge;
import static dev.grpcpolyglot.server.gcn.Graphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GCNService through a real stub: the worked example, every error row, the limits. */
class GcnServiceTest {
  /** A 3-input model: the width check needs a model whose width differs from the example's. */
  private static final String THREE_INPUT_MODEL =
      "{\"W1\": [[1, 0], [0, 1], [1, 1]], \"b1\": [0, 0.1], \"W2\": [[0.5], [-0.5]], \"b2\": [0]}";

  private InProcessHarness harness;
  private GCNServiceGrpc.GCNServiceBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    startWith(GcnConfig.defaults().withLimits(5, 4));
  }

  private void startWith(GcnConfig gcn) throws Exception {
    if (harness != null) {
      harness.close();
    }
    harness = InProcessHarness.start(ServerConfig.forTests().with(GcnModule.MODULE, gcn));
    stub = GCNServiceGrpc.newBlockingStub(harness.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void workedExampleScoresBothNodesSigmoidOf035() {
    GCNResult result = stub.processGraph(Graphs.workedExample());

    assertEquals(2, result.getNodeScoresCount());
    assertEquals(0.586618, result.getNodeScoresOrThrow("node1"), 1e-6);
    assertEquals(0.586618, result.getNodeScoresOrThrow("node2"), 1e-6);
  }

  @Test
  void replyCarriesTheServerTimeTrailer() {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    stub.withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .processGraph(Graphs.workedExample());

    String serverMs = trailers.get().get(ServerTimingTrailer.SERVER_MS);
    assertNotNull(serverMs);
    assertTrue(Double.parseDouble(serverMs) >= 0, serverMs);
  }

  @Test
  void emptyGraphGivesAnEmptyMap() {
    assertEquals(0, stub.processGraph(GraphData.getDefaultInstance()).getNodeScoresCount());
  }

  @Test
  void nodesWithoutFeaturesScoreOneHalf() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a")).addNodes(node("b")).addEdges(edge("a", "b")).build();

    GCNResult result = stub.processGraph(graph);

    assertEquals(0.5f, result.getNodeScoresOrThrow("a"));
    assertEquals(0.5f, result.getNodeScoresOrThrow("b"));
  }

  @Test
  void duplicateNodeIdIsNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", 1)).addNodes(node("b", 1)).addNodes(node("a", 2)).build();

    assertInvalid(graph, "duplicate node id \"a\" (nodes 0 and 2)");
  }

  @Test
  void emptyNodeIdIsNamedByPosition() {
    GraphData graph = GraphData.newBuilder().addNodes(node("a", 1)).addNodes(node("", 1)).build();

    assertInvalid(graph, "node 1 has an empty id");
  }

  @Test
  void edgeToAnUnknownTargetIsNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", 1)).addNodes(node("b", 1))
        .addEdges(edge("a", "b")).addEdges(edge("b", "ghost")).build();

    assertInvalid(graph, "edge 1 target_id \"ghost\" is not a node id");
  }

  @Test
  void edgeFromAnUnknownSourceIsNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", 1)).addEdges(edge("nobody", "a")).build();

    assertInvalid(graph, "edge 0 source_id \"nobody\" is not a node id");
  }

  @Test
  void edgeWithAnEmptyIdIsAnUnknownId() {
    GraphData graph = GraphData.newBuilder().addNodes(node("a", 1)).addEdges(edge("a", "")).build();

    assertInvalid(graph, "edge 0 target_id \"\" is not a node id");
  }

  @Test
  void differentFeatureCountsAreNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", 1, 2)).addNodes(node("b", 1, 2)).addNodes(node("c", 1)).build();

    assertInvalid(graph, "node \"c\" has 1 features but node \"a\" has 2");
  }

  @Test
  void nanFeatureIsNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", 1, 2)).addNodes(node("b", 1, Float.NaN)).build();

    assertInvalid(graph, "node \"b\" feature 1 is NaN");
  }

  @Test
  void infiniteFeatureIsNamed() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(node("a", Float.NEGATIVE_INFINITY, 2)).build();

    assertInvalid(graph, "node \"a\" feature 0 is infinite");
  }

  @Test
  void featureWidthThatDoesNotMatchTheModelIsRefused() throws Exception {
    startWith(GcnConfig.defaults().withNetwork(ModelFile.parse(THREE_INPUT_MODEL, "test")));
    GraphData twoFeatures = GraphData.newBuilder()
        .addNodes(node("a", 1, 2)).addNodes(node("b", 3, 4)).build();

    assertInvalid(twoFeatures, "nodes have 2 features but the server's model expects 3");
    // The same server scores a graph of the right width.
    assertEquals(2, stub.processGraph(GraphData.newBuilder()
        .addNodes(node("a", 1, 2, 3)).addNodes(node("b", 3, 4, 5)).build()).getNodeScoresCount());
  }

  @Test
  void tooManyNodesIsResourceExhausted() {
    GraphData.Builder graph = GraphData.newBuilder();
    for (int i = 0; i < 6; i++) {
      graph.addNodes(node("n" + i, 1));
    }

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.processGraph(graph.build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("6 nodes, over this server's limit of 5"),
        e.getStatus().getDescription());
  }

  @Test
  void tooManyEdgesIsResourceExhausted() {
    GraphData.Builder graph = GraphData.newBuilder().addNodes(node("a", 1)).addNodes(node("b", 1));
    for (int i = 0; i < 5; i++) {
      graph.addEdges(edge("a", "b"));
    }

    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.processGraph(graph.build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("5 edges, over this server's limit of 4"),
        e.getStatus().getDescription());
  }

  @Test
  void graphsAtTheLimitsAreScored() {
    GraphData.Builder graph = GraphData.newBuilder();
    for (int i = 0; i < 5; i++) {
      graph.addNodes(node("n" + i, i));
    }
    for (int i = 0; i < 4; i++) {
      graph.addEdges(edge("n" + i, "n" + (i + 1)));
    }

    assertEquals(5, stub.processGraph(graph.build()).getNodeScoresCount());
  }

  private void assertInvalid(GraphData graph, String expectedInMessage) {
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> stub.processGraph(graph));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains(expectedInMessage),
        "expected '" + expectedInMessage + "' in: " + e.getStatus().getDescription());
  }
}
