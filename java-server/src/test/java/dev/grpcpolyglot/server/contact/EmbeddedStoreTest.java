package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.server.contact.store.embedded.EmbeddedTaskStore;
import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store through the real API: what was answered survives a restart of the service
 * on the same data dir, ids continue after the highest ever issued, retention prunes the
 * database, a full disk refuses whole requests, and a data dir serves one server at a time.
 */
class EmbeddedStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;
  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private ContactConfig embedded() {
    return ContactConfig.defaults().withStore(TaskStores.EMBEDDED, dataDir);
  }

  @Test
  void answeredTasksAndResultsSurviveARestartAndIdsContinue() throws Exception {
    server = ContactTestServer.start(embedded());
    List<String> ids = new ArrayList<>(server.blocking().submitTaskBatch(batch("t", 100))
        .getTaskIdsList());
    ids.add(server.submit("single"));
    // One worker finishes 30 tasks (its tellResult reply confirms them), another holds 5.
    WorkerSession finisher = WorkerSession.start(server.async(), WorkerSession.ACK_ALL, 30);
    List<ServerMsg> finished = finisher.awaitReceived(30, WAIT);
    finisher.awaitAcked(30, WAIT);
    finisher.finish();
    WorkerSession holder = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL, 5);
    List<ServerMsg> held = holder.awaitReceived(5, WAIT);
    assertEquals(TaskState.TASK_STATE_IN_FLIGHT, server.status(held.get(0).getTaskId()).getState());
    server.close();
    server = null;

    server = ContactTestServer.start(embedded());
    for (ServerMsg task : finished) {
      TaskStatus status = server.status(task.getTaskId());
      assertEquals(TaskState.TASK_STATE_DONE, status.getState(), task.getTaskId());
      assertEquals("done " + task.getTask(), status.getResult());
      assertEquals(1, status.getDeliveries());
    }
    // In flight when the server went away: queued again, for the next worker.
    for (ServerMsg task : held) {
      assertEquals(TaskState.TASK_STATE_QUEUED, server.status(task.getTaskId()).getState());
    }
    assertEquals(ids.size() - finished.size(), server.stats().queued());
    String next = server.submit("after restart");
    long highest = ids.stream().mapToLong(Long::parseLong).max().orElseThrow();
    assertTrue(Long.parseLong(next) > highest, next + " must come after " + highest);

    // The rest still runs to the end.
    WorkerSession rest = WorkerSession.start(server.async(), WorkerSession.ACK_ALL);
    rest.awaitReceived(ids.size() + 1 - finished.size(), WAIT);
    rest.awaitAcked(ids.size() + 1 - finished.size(), WAIT);
    rest.finish();
    for (String id : ids) {
      assertEquals(TaskState.TASK_STATE_DONE, server.status(id).getState(), id);
    }
  }

  @Test
  void retentionPrunesTheDatabaseAcrossRestarts() throws Exception {
    ContactConfig config = embedded().withRetainDone(5);
    server = ContactTestServer.start(config);
    List<String> ids = server.blocking().submitTaskBatch(batch("r", 20)).getTaskIdsList();
    WorkerSession worker = WorkerSession.start(server.async(), WorkerSession.ACK_ALL);
    worker.awaitReceived(20, WAIT);
    worker.awaitAcked(20, WAIT);
    worker.finish();
    server.close();
    server = null;

    server = ContactTestServer.start(config);
    int kept = 0;
    for (String id : ids) {
      try {
        assertEquals(TaskState.TASK_STATE_DONE, server.status(id).getState());
        kept++;
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), id);
      }
    }
    assertEquals(5, kept);
    assertEquals(5, server.stats().retainedDone());
  }

  @Test
  void aFullDiskRefusesWholeBatchesAndKeepsEveryAnsweredOne() throws Exception {
    ContactConfig config = embedded();
    List<String> answered = new ArrayList<>();
    ProblemException refused = null;
    // 64 pages of 4 KiB: a few thousand short tasks fit, then the "disk" is full.
    try (EmbeddedTaskStore store = EmbeddedTaskStore.open(config.limits(), dataDir, 64)) {
      for (int round = 0; round < 1_000 && refused == null; round++) {
        List<String> texts = Collections.nCopies(100, "a task of some length, round " + round);
        try {
          answered.addAll(store.submitAll(texts).join());
        } catch (CompletionException e) {
          refused = (ProblemException) e.getCause();
        }
      }
    }
    assertTrue(refused != null, "the store never filled up");
    assertEquals(Problem.RESOURCE_EXHAUSTED, refused.problem());
    assertTrue(refused.getMessage().contains("disk is full"), refused.getMessage());
    assertTrue(answered.size() >= 100, "some batches fit before the disk was full");

    server = ContactTestServer.start(config);
    assertEquals(answered.size(), server.stats().queued(), "exactly the answered batches are kept");
    for (String id : List.of(answered.get(0), answered.get(answered.size() - 1))) {
      assertEquals(TaskState.TASK_STATE_QUEUED, server.status(id).getState());
    }
  }

  @Test
  void aDataDirServesOneServerAtATime() throws Exception {
    server = ContactTestServer.start(embedded());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbeddedTaskStore.open(embedded().limits(), dataDir));
    assertTrue(e.getMessage().contains("in use by another server"), e.getMessage());
  }

  private static TaskBatch batch(String prefix, int count) {
    TaskBatch.Builder batch = TaskBatch.newBuilder();
    for (int i = 0; i < count; i++) {
      batch.addTasks(prefix + i);
    }
    return batch.build();
  }
}
