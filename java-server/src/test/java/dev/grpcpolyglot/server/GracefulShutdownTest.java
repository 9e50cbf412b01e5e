package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.testing.EndRecorder;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import com.google.protobuf.ByteString;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.UploadHeader;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import io.grpc.stub.StreamObserver;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real server process: NOT_SERVING, new calls refused, grace for in-flight finite
 * calls, exit 0. (Long-lived streams do not wait for the grace: LongStreamsShutdownTest.)
 */
class GracefulShutdownTest {
  @TempDir Path tmp;

  @Test
  void sigtermDrainsRefusesNewCallsAndExitsZero() throws Exception {
    try (ServerProcess server = ServerProcess.start(List.of(),
        List.of("--port", "0", "--files-root", tmp.resolve("files").toString(),
            "--shutdown-grace", "3s"),
        tmp.resolve("server.err"))) {
      ManagedChannel watching = channelTo(server.address());
      BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
      HealthGrpc.newStub(watching).watch(HealthCheckRequest.newBuilder().setService("").build(),
          EndRecorder.onEach(response -> statuses.add(response.getStatus())));
      assertEquals(ServingStatus.SERVING, statuses.poll(10, TimeUnit.SECONDS));
      // An in-flight finite call that outlives SIGTERM: an upload whose last bytes never come.
      // The grace period is for calls like this one; when it is over, the call is cancelled.
      EndRecorder<UploadReply> upload = EndRecorder.onEach(reply -> { });
      StreamObserver<UploadRequest> uploading = FileControllerGrpc.newStub(watching).upload(upload);
      uploading.onNext(UploadRequest.newBuilder()
          .setHeader(UploadHeader.newBuilder().setFilename("slow.bin").setSize(2)).build());
      uploading.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFromUtf8("x")).build());
      awaitUploadStarted(tmp.resolve("files"));

      server.process().destroy(); // SIGTERM
      assertEquals(ServingStatus.NOT_SERVING, statuses.poll(10, TimeUnit.SECONDS));

      // New calls are refused while the in-flight upload still holds the server open. The
      // refusal starts right after health flips, so poll (bounded) until it is observed.
      StatusRuntimeException refused = null;
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      while (refused == null && System.nanoTime() < giveUp) {
        ManagedChannel fresh = channelTo(server.address());
        try {
          HelloServiceGrpc.newBlockingStub(fresh).withDeadlineAfter(2, TimeUnit.SECONDS)
              .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("x").build());
        } catch (StatusRuntimeException e) {
          refused = e;
        } finally {
          fresh.shutdownNow();
        }
      }
      assertNotNull(refused, "a new call was still accepted 3 s after SIGTERM");
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());

      // After the grace period the in-flight call is cancelled and the process exits 0.
      assertEquals(0, server.terminate(30));
      Status end = upload.ended.get(10, TimeUnit.SECONDS);
      // grpc-java's shutdownNow resets the stream (RST_STREAM CANCEL), which clients see as
      // CANCELLED; a connection torn down first shows as UNAVAILABLE. Either way: ended by us.
      assertTrue(end.getCode() == Status.Code.CANCELLED || end.getCode() == Status.Code.UNAVAILABLE,
          end.toString());
      watching.shutdownNow();
    }
  }

  @Test
  void sigtermRightAfterTheListeningLineStillExitsZero() throws Exception {
    // Scripts stop a server as soon as it listens; the handlers must already be in place then.
    for (int round = 0; round < 3; round++) {
      try (ServerProcess server = ServerProcess.start(List.of(),
          List.of("--port", "0", "--files-root", tmp.resolve("files").toString()),
          tmp.resolve("server-" + round + ".err"))) {
        assertEquals(0, server.terminate(30), "round " + round);
      }
    }
  }

  /** Polls (bounded) until the server has opened an upload's temporary file in {@code root}. */
  private static void awaitUploadStarted(Path root) throws Exception {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < giveUp) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(root)) {
        if (files.anyMatch(path -> path.getFileName().toString().startsWith(".polyglot-tmp-"))) {
          return;
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new AssertionError("the upload never started: no temporary file in " + root);
  }

  private static ManagedChannel channelTo(String address) {
    return Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
  }
}
