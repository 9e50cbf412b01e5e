package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

  /**
   * The order of events, each proven by an event rather than a clock: health turns NOT_SERVING,
   * then a new call is refused while the process is still alive and an upload is still in
   * flight, then that upload finishes OK within the grace period, then the process exits 0. A
   * server that had already exited would refuse the call too, but fails the liveness check that
   * follows the refusal (a process does not come back).
   */
  @Test
  void sigtermRefusesNewCallsWhileInFlightCallsFinishThenExitsZero() throws Exception {
    try (ServerProcess server = ServerProcess.start(List.of(),
        List.of("--port", "0", "--files-root", tmp.resolve("files").toString(),
            "--shutdown-grace", "120s"), // never reached: the upload finishes first
        tmp.resolve("server.err"))) {
      ManagedChannel watching = channelTo(server.address());
      BlockingQueue<ServingStatus> statuses = watchHealth(watching);
      EndRecorder<UploadReply> upload = EndRecorder.onEach(reply -> { });
      StreamObserver<UploadRequest> uploading = startSlowUpload(watching, upload);

      server.process().destroy(); // SIGTERM
      assertEquals(ServingStatus.NOT_SERVING, statuses.poll(30, TimeUnit.SECONDS));

      StatusRuntimeException refused = awaitRefusedNewCall(server.address());
      assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode(), refused.toString());
      assertTrue(server.process().isAlive(), "the call was refused by a server that had exited");
      assertFalse(upload.ended.isDone(), "the in-flight upload ended before the refusal: "
          + (upload.ended.isDone() ? upload.ended.get() : ""));

      uploading.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFromUtf8("y")).build());
      uploading.onCompleted();
      assertEquals(Status.Code.OK, upload.ended.get(30, TimeUnit.SECONDS).getCode(),
          "the in-flight upload must finish within the grace period");
      assertEquals(0, server.terminate(60)); // nothing left in flight: exits without the grace
      watching.shutdownNow();
    }
  }

  @Test
  void whenTheGraceIsOverInFlightCallsAreCancelledAndTheExitIsZero() throws Exception {
    try (ServerProcess server = ServerProcess.start(List.of(),
        List.of("--port", "0", "--files-root", tmp.resolve("files").toString(),
            "--shutdown-grace", "1s"),
        tmp.resolve("server.err"))) {
      ManagedChannel watching = channelTo(server.address());
      // An in-flight finite call that outlives the grace: an upload whose last byte never comes.
      EndRecorder<UploadReply> upload = EndRecorder.onEach(reply -> { });
      startSlowUpload(watching, upload);
      assertEquals(0, server.terminate(60));
      Status end = upload.ended.get(30, TimeUnit.SECONDS);
      // grpc-java's shutdownNow resets the stream (RST_STREAM CANCEL), which clients see as
      // CANCELLED; a connection torn down first shows as UNAVAILABLE. Either way: ended by us.
      assertTrue(end.getCode() == Status.Code.CANCELLED || end.getCode() == Status.Code.UNAVAILABLE,
          end.toString());
      watching.shutdownNow();
    }
  }

  private static BlockingQueue<ServingStatus> watchHealth(ManagedChannel channel)
      throws InterruptedException {
    BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(),
        EndRecorder.onEach(response -> statuses.add(response.getStatus())));
    assertEquals(ServingStatus.SERVING, statuses.poll(30, TimeUnit.SECONDS));
    return statuses;
  }

  /** An upload of 2 bytes with 1 sent: in flight until the caller sends the other. */
  private StreamObserver<UploadRequest> startSlowUpload(ManagedChannel channel,
      EndRecorder<UploadReply> upload) throws Exception {
    StreamObserver<UploadRequest> uploading = FileControllerGrpc.newStub(channel).upload(upload);
    uploading.onNext(UploadRequest.newBuilder()
        .setHeader(UploadHeader.newBuilder().setFilename("slow.bin").setSize(2)).build());
    uploading.onNext(UploadRequest.newBuilder().setChunk(ByteString.copyFromUtf8("x")).build());
    awaitUploadStarted(tmp.resolve("files"));
    return uploading;
  }

  /**
   * Tries new calls on fresh channels until one is refused; the refusal starts right after
   * health flips. Bounded: fails if new calls are still accepted 30 s after SIGTERM.
   */
  private static StatusRuntimeException awaitRefusedNewCall(String address) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < giveUp) {
      ManagedChannel fresh = channelTo(address);
      try {
        HelloServiceGrpc.newBlockingStub(fresh).withDeadlineAfter(5, TimeUnit.SECONDS)
            .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("x").build());
      } catch (StatusRuntimeException e) {
        return e;
      } finally {
        fresh.shutdownNow();
      }
    }
    throw new AssertionError("new calls were still accepted 30 s after SIGTERM");
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
