package dev.grpcpolyglot.server.gcn;

import static dev.grpcpolyglot.server.gcn.WireBytes.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import dev.grpcpolyglot.server.testing.RawBytes;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ProcessGraph fed raw bytes through a real channel: encodings other implementations produce
 * are scored like the canonical one, and broken or hostile bytes are INVALID_ARGUMENT with a
 * plain message (never INTERNAL, never a stack trace).
 */
class GcnWireBytesTest {
  private static final MethodDescriptor<byte[], byte[]> RAW_PROCESS_GRAPH =
      RawBytes.method(GCNServiceGrpc.getProcessGraphMethod());

  private InProcessHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = InProcessHarness.start(
        ServerConfig.forTests().with(GcnModule.MODULE,
            GcnConfig.defaults().withLimits(1000, 1000)));
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void unpackedReorderedAndUnknownFieldsScoreLikeTheWorkedExample() throws Exception {
    byte[] wire = message()
        .message(2, message().string(2, "node2").unknownOfEveryType(5).string(1, "node1"))
        .unknownOfEveryType(20)
        .message(1, message().floatUnpacked(2, 0.1f).floatsPacked(2, 0.2f).string(1, "node1")
            .floatUnpacked(2, 0.3f))
        .message(1, message().string(1, "node2").floatsPacked(2, 0.4f, 0.5f, 0.6f))
        .toByteArray();

    GCNResult result = GCNResult.parseFrom(call(wire));

    assertEquals(2, result.getNodeScoresCount());
    assertEquals(0.586618, result.getNodeScoresOrThrow("node1"), 1e-6);
    assertEquals(0.586618, result.getNodeScoresOrThrow("node2"), 1e-6);
  }

  @Test
  void bytesThatAreNotAGraphAreInvalidArgument() {
    byte[][] hostile = {
      {0},
      {(byte) 0x0A, (byte) 0x7F, (byte) 0x0A},
      {(byte) 0x0C},
      message().message(1, message().bytes(1, new byte[] {(byte) 0xFF})).toByteArray(),
      WireGraphParserTest.nestedGroups(50_000),
    };
    for (byte[] bytes : hostile) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call(bytes));
      assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().startsWith("request is not a valid GraphData: "),
          e.getStatus().getDescription());
      assertPlain(e.getStatus());
    }
  }

  /** Seeded random corruptions of a valid request: each is scored or refused cleanly. */
  @Test
  void corruptedRequestsAreScoredOrRefusedNeverAnInternalError() {
    Set<Status.Code> clean = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT,
        Status.Code.RESOURCE_EXHAUSTED);
    byte[] valid = Graphs.workedExample().toBuilder()
        .addNodes(Graphs.node("a-longer-node-id", 1, 2, 3))
        .addEdges(Graphs.edge("a-longer-node-id", "node2")).build().toByteArray();
    Random random = new Random(20261122);
    for (int i = 0; i < 300; i++) {
      byte[] bytes = valid.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      Status status;
      try {
        call(bytes);
        status = Status.OK;
      } catch (StatusRuntimeException e) {
        status = e.getStatus();
        assertPlain(status);
      }
      assertTrue(clean.contains(status.getCode()), "corruption " + i + ": " + status);
    }
  }

  private static void assertPlain(Status status) {
    String description = String.valueOf(status.getDescription());
    assertFalse(description.contains("Exception") || description.contains("\tat "), description);
  }

  private byte[] call(byte[] request) {
    return ClientCalls.blockingUnaryCall(harness.channel(), RAW_PROCESS_GRAPH,
        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
  }
}
