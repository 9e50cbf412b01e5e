package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GcnClient and GraphFiles against the real server on the in-process transport. */
class GcnClientTest {
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = new PolyglotServer(InProcessServerBuilder.forName(name).directExecutor(),
        ServerConfig.forTests()).start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  @Test
  void scoresAGraphReadFromFilesAndReportsServerTime(@TempDir Path dir) throws Exception {
    Path features = Files.writeString(dir.resolve("features.txt"),
        "# id features\nnode1 0.1 0.2 0.3\n\nnode2,0.4,0.5,0.6\n");
    Path edges = Files.writeString(dir.resolve("edges.txt"), "node1\tnode2\n");
    GraphData graph = GraphFiles.read(edges, features);

    GcnClient.Timed reply = new GcnClient(channel, Duration.ofSeconds(10)).processGraphTimed(graph);

    assertEquals(0.586618, reply.scores().get("node1"), 1e-6);
    assertEquals(0.586618, reply.scores().get("node2"), 1e-6);
    assertTrue(reply.serverMillis().isPresent());
  }

  @Test
  void serverErrorsReachTheCallerAsStatuses() {
    GraphData graph = GraphData.newBuilder()
        .addEdges(dev.grpcpolyglot.proto.gcn.Edge.newBuilder().setSourceId("a").setTargetId("b"))
        .build();

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> new GcnClient(channel).processGraph(graph));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  @Test
  void malformedFilesNameFileAndLine(@TempDir Path dir) throws Exception {
    Path features = Files.writeString(dir.resolve("f.txt"), "a 1\nb x\n");
    Path edges = Files.writeString(dir.resolve("e.txt"), "a b c\n");
    Path okEdges = Files.writeString(dir.resolve("ok-e.txt"), "a b\n");

    IllegalArgumentException badNumber = assertThrows(IllegalArgumentException.class,
        () -> GraphFiles.read(okEdges, features));
    assertTrue(badNumber.getMessage().contains("f.txt:2: feature 0 of node b is not a number"),
        badNumber.getMessage());

    Path okFeatures = Files.writeString(dir.resolve("ok-f.txt"), "a 1\nb 2\n");
    IllegalArgumentException badEdge = assertThrows(IllegalArgumentException.class,
        () -> GraphFiles.read(edges, okFeatures));
    assertTrue(badEdge.getMessage().contains("e.txt:1: expected 'SOURCE_ID TARGET_ID'"),
        badEdge.getMessage());
  }

  @Test
  void readsTheKarateData() throws Exception {
    Path data = Path.of("").toAbsolutePath().getParent().resolve("data/karate");

    GraphData graph = GraphFiles.read(data.resolve("edges.txt"), data.resolve("features.txt"));
    Map<String, Float> scores = new GcnClient(channel).processGraph(graph);

    assertEquals(34, graph.getNodesCount());
    assertEquals(78, graph.getEdgesCount());
    assertEquals(34, scores.size());
  }
}
