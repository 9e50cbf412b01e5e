package dev.grpcpolyglot.server.contact;

import static dev.grpcpolyglot.server.contact.EmbeddedStoreKillTest.channel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database of the shared queue goes away while a replica runs, then comes back: Contact's
 * health turns NOT_SERVING (the server's and the other services' stay SERVING), submits fail
 * UNAVAILABLE at once naming the database, and once it is back Contact is SERVING and the tasks
 * committed before are still there.
 */
class PostgresOutageTest {
  /** Bounds every wait; the replica probes a lost database every second (a quarter lease). */
  private static final long WAIT_SECONDS = 60;

  @TempDir Path tmp;

  @Test
  void contactIsNotServingWhileItsDatabaseIsAwayAndServesAgainWhenItIsBack() throws Exception {
    Path data = tmp.resolve("postgres");
    int port = freePort();
    EmbeddedPostgres postgres = startPostgres(data, port);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    try (ServerProcess server = ServerProcess.start(List.of(), List.of("--port", "0",
        "--files-root", tmp.resolve("files").toString(), "--contact-store", url,
        "--contact-lease", "4s", "--access-log=false"), tmp.resolve("server.err"))) {
      ManagedChannel channel = channel(server.address());
      try {
        BlockingQueue<ServingStatus> contactHealth = watch(channel, ContactGrpc.SERVICE_NAME);
        assertEquals(ServingStatus.SERVING, next(contactHealth));
        String before = submit(channel, "before the outage");

        postgres.close();
        postgres = null;
        assertEquals(ServingStatus.NOT_SERVING, next(contactHealth));
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
            () -> submit(channel, "during the outage"));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("task database is unavailable"),
            refused.getStatus().getDescription());
        assertEquals(ServingStatus.SERVING, check(channel, ""));
        assertEquals(ServingStatus.SERVING, check(channel, HelloServiceGrpc.SERVICE_NAME));
        assertEquals("hello:still here", HelloServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("still here").build())
            .getValue());

        postgres = startPostgres(data, port);
        assertEquals(ServingStatus.SERVING, next(contactHealth));
        String after = submit(channel, "after the outage");
        assertEquals("before the outage", status(channel, before).getTask());
        assertEquals(TaskState.TASK_STATE_QUEUED, status(channel, before).getState());
        assertEquals(TaskState.TASK_STATE_QUEUED, status(channel, after).getState());
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
      assertEquals(0, server.terminate(30), "exit status after SIGTERM");
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  /** A PostgreSQL on {@code port} keeping its cluster in {@code data}, so it can come back. */
  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
        .setPort(port).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String submit(ManagedChannel channel, String text) {
    return ContactGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .submitTask(TaskRequest.newBuilder().setTask(text).build()).getTaskId();
  }

  private static TaskStatus status(ManagedChannel channel, String id) {
    return ContactGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(id).build());
  }

  private static ServingStatus check(ManagedChannel channel, String service) {
    return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }

  /** Every status the health service sends for {@code service}, as it sends them. */
  private static BlockingQueue<ServingStatus> watch(ManagedChannel channel, String service) {
    BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
    HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(),
        new StreamObserver<HealthCheckResponse>() {
          @Override
          public void onNext(HealthCheckResponse response) {
            statuses.add(response.getStatus());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    return statuses;
  }

  private static ServingStatus next(BlockingQueue<ServingStatus> statuses)
      throws InterruptedException {
    ServingStatus status = statuses.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNotNull(status, "no health status within " + WAIT_SECONDS + " s");
    return status;
  }
}
