package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.server.testing.EndRecorder;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real server process while every kind of long-lived stream is open (health Watch,
 * both reflection versions the way grpcurl holds them, a worker's getTask and tellResult, a
 * sendStatus chat): each is ended at once, so the process exits with its 10-minute grace unused.
 */
class LongStreamsShutdownTest {
  /** Far longer than the exit may take: a stream that waited for the grace would show. */
  private static final String GRACE = "600s";
  /**
   * A bounded wait that fails on a hang (or on a stream waiting for the grace), not a speed
   * promise: the time it took is printed; measured 0.4-0.7 s on 2 cores at load average 15.
   */
  private static final long EXIT_WAIT_SECONDS = 120;

  @TempDir Path tmp;

  @Test
  void sigtermEndsEveryLongLivedStreamAndExitsZeroAtOnce() throws Exception {
    try (ServerProcess server = ServerProcess.start(List.of(),
        List.of("--port", "0", "--files-root", tmp.resolve("files").toString(),
            "--shutdown-grace", GRACE),
        tmp.resolve("server.err"))) {
      ManagedChannel channel = Grpc.newChannelBuilder(server.address(),
          InsecureChannelCredentials.create()).build();
      try {
        BlockingQueue<ServingStatus> health = new LinkedBlockingQueue<>();
        EndRecorder<HealthCheckResponse> watch =
            EndRecorder.onEach(response -> health.add(response.getStatus()));
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), watch);
        assertEquals(ServingStatus.SERVING, health.poll(30, TimeUnit.SECONDS));

        EndRecorder<ServerReflectionResponse> reflectionV1 = openReflectionV1(channel);
        EndRecorder<?> reflectionV1Alpha = openReflectionV1Alpha(channel);

        ContactGrpc.ContactStub contact = ContactGrpc.newStub(channel);
        EndRecorder<Empty> results = EndRecorder.onEach(empty -> { });
        StreamObserver<Result> resultsStream = contact.tellResult(results);
        BlockingQueue<ServerMsg> tasks = new LinkedBlockingQueue<>();
        EndRecorder<ServerMsg> worker = EndRecorder.onEach(tasks::add);
        contact.getTask(Empty.getDefaultInstance(), worker);
        ContactGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
            .submitTask(TaskRequest.newBuilder().setTask("sum 1 2").build());
        // Held, never acknowledged: shutdown must hand it back to the queue.
        assertTrue(tasks.poll(30, TimeUnit.SECONDS) != null, "the worker got no task");

        BlockingQueue<String> chatReplies = new LinkedBlockingQueue<>();
        EndRecorder<Result> chat = EndRecorder.onEach(reply -> chatReplies.add(reply.getRet()));
        contact.sendStatus(chat).onNext(ClientMsg.newBuilder().setMsg("hi").build());
        assertEquals("server received: hi", chatReplies.poll(30, TimeUnit.SECONDS));

        long signalled = System.nanoTime();
        server.process().destroy(); // SIGTERM
        boolean exited = server.process().waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS);
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        System.out.println("exited " + exitMillis + " ms after SIGTERM with long streams open");
        assertTrue(exited, "the server was still running " + exitMillis + " ms after SIGTERM"
            + " (grace " + GRACE + "): a long-lived stream held it open");
        assertEquals(0, server.process().exitValue());

        assertEquals(ServingStatus.NOT_SERVING, health.poll(10, TimeUnit.SECONDS),
            "Watch must see NOT_SERVING before its stream ends");
        assertUnavailable(watch);
        assertUnavailable(reflectionV1);
        assertUnavailable(reflectionV1Alpha);
        Status workerEnd = assertUnavailable(worker);
        assertTrue(workerEnd.getDescription().contains("went back to the queue"),
            workerEnd.toString());
        assertUnavailable(results);
        assertUnavailable(chat);
        resultsStream.onError(Status.CANCELLED.asException()); // nothing left to send
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  private static Status assertUnavailable(EndRecorder<?> call) throws Exception {
    Status end = call.ended.get(10, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, end.getCode(), end.toString());
    return end;
  }

  /** A reflection stream left open after one answer, as grpcurl keeps it for a whole session. */
  private static EndRecorder<ServerReflectionResponse> openReflectionV1(ManagedChannel channel)
      throws Exception {
    BlockingQueue<ServerReflectionResponse> answers = new LinkedBlockingQueue<>();
    EndRecorder<ServerReflectionResponse> stream = EndRecorder.onEach(answers::add);
    ServerReflectionGrpc.newStub(channel).serverReflectionInfo(stream)
        .onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    assertTrue(answers.poll(30, TimeUnit.SECONDS) != null, "no reflection v1 answer");
    return stream;
  }

  @SuppressWarnings("deprecation")
  private static EndRecorder<?> openReflectionV1Alpha(ManagedChannel channel) throws Exception {
    BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    EndRecorder<io.grpc.reflection.v1alpha.ServerReflectionResponse> stream =
        EndRecorder.onEach(answers::add);
    io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel).serverReflectionInfo(stream)
        .onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
            .setListServices("").build());
    assertTrue(answers.poll(30, TimeUnit.SECONDS) != null, "no reflection v1alpha answer");
    return stream;
  }
}
