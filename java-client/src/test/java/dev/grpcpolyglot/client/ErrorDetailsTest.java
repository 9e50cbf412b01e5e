package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.Edge;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.proto.gcn.Node;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.contact.ContactConfig;
import dev.grpcpolyglot.server.contact.ContactModule;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's google.rpc.Status details (docs/errors.md), decoded by {@link ErrorDetails}: the
 * same three failures the Go and Python suites check, through real stubs.
 */
class ErrorDetailsTest {
  private static final String DOMAIN = "grpc-polyglot.dev";
  private final String name = InProcessServerBuilder.generateName();
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config = ServerConfig.forTests()
        .with(ContactModule.MODULE, ContactConfig.defaults().withMaxQueued(1));
    server = new PolyglotServer(InProcessServerBuilder.forName(name), config).start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  @Test
  void anUnknownEdgeTargetNamesItsFieldPath() {
    GraphData graph = GraphData.newBuilder()
        .addNodes(Node.newBuilder().setId("a").addFeatures(1f))
        .addNodes(Node.newBuilder().setId("b").addFeatures(2f))
        .addEdges(Edge.newBuilder().setSourceId("a").setTargetId("b"))
        .addEdges(Edge.newBuilder().setSourceId("b").setTargetId("nowhere"))
        .build();
    ErrorDetails details = failure(Status.Code.INVALID_ARGUMENT,
        () -> new GcnClient(channel, Duration.ofSeconds(30)).processGraph(graph));
    assertEquals("UNKNOWN_NODE_ID", details.reason());
    assertEquals(DOMAIN, details.domain());
    assertEquals(List.of("edges[1].target_id"),
        details.fieldViolations().stream().map(ErrorDetails.FieldViolation::field).toList());
    assertTrue(details.fieldViolations().get(0).description().contains("\"nowhere\""));
    assertTrue(details.retryDelay().isEmpty());
  }

  @Test
  void aPathThatLeavesTheRootNamesTheFilenameField() {
    ErrorDetails details = failure(Status.Code.INVALID_ARGUMENT,
        () -> new FileClient(channel, Duration.ofSeconds(30)).read("../etc/passwd"));
    assertEquals("INVALID_PATH", details.reason());
    assertEquals(DOMAIN, details.domain());
    assertEquals("filename", details.fieldViolations().get(0).field());
  }

  @Test
  void aFullQueueSaysWhenToRetry() {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    client.submitTask("upper first");
    ErrorDetails details = failure(Status.Code.RESOURCE_EXHAUSTED,
        () -> client.submitTask("upper second"));
    assertEquals("QUEUE_FULL", details.reason());
    assertEquals(DOMAIN, details.domain());
    assertEquals(Duration.ofSeconds(1), details.retryDelay().orElseThrow());
    assertEquals(
        List.of("  reason: QUEUE_FULL (domain grpc-polyglot.dev)", "  retry after: 1.000s"),
        details.lines());
  }

  @Test
  void aFullQueueOnASubmitTasksStreamCarriesTheSameDetails() {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    ErrorDetails details = failure(Status.Code.RESOURCE_EXHAUSTED,
        () -> {
          try {
            client.submitTasks(List.of("upper one", "upper two"));
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
    assertEquals("QUEUE_FULL", details.reason());
    assertEquals(Duration.ofSeconds(1), details.retryDelay().orElseThrow());
  }

  @Test
  void anUnknownTaskIdIsNotFoundWithItsField() {
    ErrorDetails details = failure(Status.Code.NOT_FOUND,
        () -> new ContactClient(channel, Duration.ofSeconds(30)).getTaskStatus("424242"));
    assertEquals("TASK_NOT_FOUND", details.reason());
    assertEquals("task_id", details.fieldViolations().get(0).field());
  }

  private static ErrorDetails failure(Status.Code code, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    return ErrorDetails.of(e)
        .orElseThrow(() -> new AssertionError("no details on " + e.getStatus()));
  }
}
