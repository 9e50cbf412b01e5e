package dev.grpcpolyglot.server.gcn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.inbound.MessageLimits;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Large graphs over a real Netty port: the server's message size limit, not gRPC's 4 MiB. */
class GcnMessageSizeTest {
  @Test
  void millionEdgeBenchmarkGraphFitsTheDefaultLimit() {
    GraphData graph = randomGraph(100_000, 1_000_000);

    assertTrue(graph.getSerializedSize() < ServerConfig.DEFAULT_LARGE_MESSAGE_BYTES,
        graph.getSerializedSize() + " bytes");
  }

  @Test
  void graphOverGrpcsDefaultFourMebibytesIsScoredOverNetty() throws Exception {
    GraphData graph = randomGraph(20_000, 200_000);
    assertTrue(graph.getSerializedSize() > 4 * 1024 * 1024, "test graph must exceed 4 MiB");

    assertEquals(20_000, call(ServerConfig.forTests(), graph).getNodeScoresCount());
  }

  @Test
  void requestOverTheConfiguredLimitIsResourceExhausted() {
    ServerConfig small = ServerConfig.forTests().withMessageLimits(ServerConfig.messageLimits(
        MessageLimits.DEFAULT_BYTES, 1024 * 1024, ServerConfig.DEFAULT_LARGE_MESSAGE_BYTES));

    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> call(small, randomGraph(20_000, 200_000)));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
  }

  private static GCNResult call(ServerConfig config, GraphData graph) throws Exception {
    PolyglotServer server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), config).start();
    ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + server.port(),
        InsecureChannelCredentials.create()).build();
    try {
      return GCNServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS).processGraph(graph);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.stop();
    }
  }

  /** Like scripts/bench gcn's graphs: ids n0..n(N-1), 16 features, uniform random edges. */
  private static GraphData randomGraph(int nodes, int edges) {
    SplittableRandom random = new SplittableRandom(3);
    GraphData.Builder graph = GraphData.newBuilder();
    String[] ids = new String[nodes];
    for (int i = 0; i < nodes; i++) {
      ids[i] = "n" + i;
      Node.Builder node = Node.newBuilder().setId(ids[i]);
      for (int k = 0; k < 16; k++) {
        node.addFeatures((float) random.nextDouble());
      }
      graph.addNodes(node);
    }
    for (int e = 0; e < edges; e++) {
      graph.addEdges(Edge.newBuilder()
          .setSourceId(ids[random.nextInt(nodes)]).setTargetId(ids[random.nextInt(nodes)]));
    }
    return graph.build();
  }
}
