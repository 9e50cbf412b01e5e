package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every error status of Contact, and results that acknowledge nothing, through real stubs. */
class ContactErrorsTest {
  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void badRequestsGetStatusesThatNameTheProblem() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults().withMaxQueued(2));
    assertStatus(Status.Code.INVALID_ARGUMENT, "task must not be empty", () -> server.submit(""));
    assertStatus(Status.Code.NOT_FOUND, "no task with id 'nope'", () -> server.status("nope"));
    assertStatus(Status.Code.NOT_FOUND, "no task with id '12345'", () -> server.status("12345"));
    assertStatus(Status.Code.INVALID_ARGUMENT, "task_id must not be empty", () -> server.status(""));

    String id = server.submit("sum 1 2");
    TaskStatus status = server.status(id);
    assertEquals(TaskState.TASK_STATE_QUEUED, status.getState());
    assertEquals("sum 1 2", status.getTask());
    assertEquals(0, status.getDeliveries());
    assertEquals("", status.getResult());
    server.submit("second");
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "task queue is full", () -> server.submit("third"));
  }

  @Test
  void resultsWithoutAKnownIdAreKeptAndAcknowledgeNothing() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    WorkerSession worker = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL);
    String id = handOneTask(worker, "upper grpc");
    worker.report("", "a result for nobody");
    worker.report("987654", "a result for a task that never was");
    worker.finish();
    assertEquals(2, server.stats().looseResults());
    worker.ended().get(30, TimeUnit.SECONDS);
    // Still not done; and back in the queue since its worker left.
    assertEquals(TaskState.TASK_STATE_QUEUED,
        server.awaitState(id, TaskState.TASK_STATE_QUEUED, Duration.ofSeconds(30)).getState());
  }

  @Test
  void afterShutdownBeginsWorkersAndProducersGetUnavailable() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    WorkerSession worker = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL);
    String id = handOneTask(worker, "reverse netty");
    server.beginShutdown();
    Status ended = worker.ended().get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, ended.getCode());
    assertTrue(ended.getDescription().contains("shutting down"), ended.getDescription());
    assertEquals(TaskState.TASK_STATE_QUEUED, server.status(id).getState());
    assertStatus(Status.Code.UNAVAILABLE, "shutting down", () -> server.submit("late"));
    WorkerSession late = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL);
    assertEquals(Status.Code.UNAVAILABLE, late.ended().get(30, TimeUnit.SECONDS).getCode());
  }

  /** Submits {@code task} once {@code worker} is registered and waits until it holds it. */
  private String handOneTask(WorkerSession worker, String task) throws InterruptedException {
    server.awaitWorkers(1, Duration.ofSeconds(30));
    String id = server.submit(task);
    worker.awaitReceived(1, Duration.ofSeconds(30));
    return id;
  }

  private static void assertStatus(Status.Code code, String messagePart, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
  }
}
