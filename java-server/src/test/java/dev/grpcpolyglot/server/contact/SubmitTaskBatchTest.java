package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** submitTaskBatch through the real stubs: ids in order, all or none on every error. */
class SubmitTaskBatchTest {
  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void idsComeInBatchOrderAndNameTheirTasks() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < ContactService.MAX_BATCH; i++) {
      tasks.add("task " + i);
    }
    List<String> ids = submit(tasks);
    assertEquals(tasks.size(), ids.size());
    assertEquals(tasks.size(), new HashSet<>(ids).size(), "every id is new");
    for (int i = 0; i < tasks.size(); i += 997) {
      TaskStatus status = server.status(ids.get(i));
      assertEquals("task " + i, status.getTask(), "id " + i + " names task " + i);
      assertEquals(TaskState.TASK_STATE_QUEUED, status.getState());
    }
    assertEquals(tasks.size(), server.stats().queued());
  }

  @Test
  void batchTasksGoToWorkersLikeAnyOther() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    WorkerSession worker = WorkerSession.start(server.async(), WorkerSession.ACK_ALL);
    server.awaitWorkers(1, Duration.ofSeconds(30));
    List<String> ids = submit(List.of("upper grpc", "reverse netty", "sum 1 2"));
    for (String id : ids) {
      TaskStatus status = server.awaitState(id, TaskState.TASK_STATE_DONE, Duration.ofSeconds(30));
      assertEquals("done " + status.getTask(), status.getResult());
    }
    worker.finish();
    worker.ended().get(30, TimeUnit.SECONDS);
  }

  @Test
  void anEmptyBatchQueuesNothing() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    assertEquals(List.of(), submit(List.of()));
    assertEquals(0, server.stats().queued());
  }

  @Test
  void anEmptyTaskRejectsTheWholeBatchNamingItsIndex() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    assertStatus(Status.Code.INVALID_ARGUMENT, "task 2 of the batch (counting from 0) is empty",
        List.of("first", "second", "", "fourth"));
    assertEquals(0, server.stats().queued(), "no task of the batch was queued");
  }

  @Test
  void anOversizedBatchIsRejectedWhole() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    assertStatus(Status.Code.INVALID_ARGUMENT, "at most 10000 tasks, this one has 10001",
        Collections.nCopies(ContactService.MAX_BATCH + 1, "work"));
    assertEquals(0, server.stats().queued());
  }

  @Test
  void aBatchThatDoesNotFitIsRejectedWhole() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults().withMaxQueued(5));
    submit(List.of("a", "b"));
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "no room for a batch of 4",
        List.of("c", "d", "e", "f"));
    assertEquals(2, server.stats().queued(), "none of the rejected batch was queued");
    assertEquals(3, submit(List.of("c", "d", "e")).size(), "a batch that fits exactly is taken");
  }

  @Test
  void afterShutdownBeginsABatchGetsUnavailable() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    server.beginShutdown();
    assertStatus(Status.Code.UNAVAILABLE, "shutting down", List.of("late"));
  }

  private List<String> submit(List<String> tasks) {
    return server.blocking().submitTaskBatch(TaskBatch.newBuilder().addAllTasks(tasks).build())
        .getTaskIdsList();
  }

  private void assertStatus(Status.Code code, String messagePart, List<String> tasks) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> submit(tasks));
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(e.getStatus().getDescription().contains(messagePart), e.getStatus().getDescription());
  }
}
