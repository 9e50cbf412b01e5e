package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** getTask / tellResult through the real stubs: fairness, slow workers, redelivery. */
class TaskDistributionTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void tasksAreSharedFairlyAcrossThreeWorkers() throws Exception {
    int window = 10;
    server = ContactTestServer.start(ContactConfig.defaults().withMaxInFlight(window));
    List<WorkerSession> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(WorkerSession.start(server.async(), WorkerSession.HOLD_ALL));
    }
    awaitWorkers(3);
    // 3 full windows: round-robin gives each worker exactly one window, none twice a task.
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 3 * window; i++) {
      ids.add(server.submit("task " + i));
    }
    Set<String> seen = new HashSet<>();
    for (WorkerSession worker : workers) {
      List<ServerMsg> got = worker.awaitReceived(window, WAIT);
      assertEquals(window, got.size(), "each worker gets exactly its window");
      for (ServerMsg task : got) {
        assertTrue(seen.add(task.getTaskId()), "task " + task.getTaskId() + " given twice");
      }
    }
    assertEquals(ids, seen);
    // One more task waits (every window is full) until a worker acknowledges one.
    String extra = server.submit("extra");
    assertEquals(TaskState.TASK_STATE_QUEUED, server.status(extra).getState());
    WorkerSession second = workers.get(1);
    ServerMsg first = second.received().get(0);
    second.report(first.getTaskId(), "ok");
    List<ServerMsg> after = second.awaitReceived(window + 1, WAIT);
    assertEquals(extra, after.get(window).getTaskId(), "the freed window takes the waiting task");
    assertEquals(window, workers.get(0).received().size());
    assertEquals(window, workers.get(2).received().size());
  }

  @Test
  void aWorkerThatStopsReadingDoesNotBlockTheOthers() throws Exception {
    int window = 4;
    server = ContactTestServer.start(ContactConfig.defaults().withMaxInFlight(window));
    // Reads one task, acknowledges nothing, never reads again.
    WorkerSession stuck = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL, 1);
    WorkerSession a = WorkerSession.start(server.async(), WorkerSession.ACK_ALL);
    WorkerSession b = WorkerSession.start(server.async(), WorkerSession.ACK_ALL);
    awaitWorkers(3);
    int count = 500;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(server.submit("task " + i));
    }
    stuck.awaitReceived(1, WAIT);
    // The stuck worker holds at most its window; everything else is done by a and b.
    int done = awaitDoneAllBut(ids, window);
    assertTrue(done >= count - window, "only " + done + " of " + count + " done");
    assertEquals(1, stuck.received().size());
    assertTrue(a.received().size() > 0 && b.received().size() > 0);
    // When the stuck worker goes away, its tasks are redelivered and finished by the others.
    stuck.disconnect();
    for (String id : ids) {
      assertEquals(TaskState.TASK_STATE_DONE, server.awaitState(id, TaskState.TASK_STATE_DONE, WAIT)
          .getState(), "task " + id);
    }
  }

  @Test
  void aTaskOfAWorkerThatDisconnectsMidTaskIsDoneByAnother() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    WorkerSession quitter = WorkerSession.start(server.async(), WorkerSession.HOLD_ALL);
    awaitWorkers(1);
    String id = server.submit("reverse polyglot");
    ServerMsg task = quitter.awaitReceived(1, WAIT).get(0);
    assertEquals(id, task.getTaskId());
    assertEquals("reverse polyglot", task.getTask());
    assertEquals(TaskState.TASK_STATE_IN_FLIGHT, server.status(id).getState());

    CountDownLatch redelivered = new CountDownLatch(1);
    WorkerSession other = WorkerSession.start(server.async(), (session, msg) -> {
      redelivered.countDown();
      return "tolyglop";
    });
    quitter.disconnect();
    assertTrue(redelivered.await(30, TimeUnit.SECONDS), "task was not redelivered");
    assertEquals(id, other.received().get(0).getTaskId());
    TaskStatus status = server.awaitState(id, TaskState.TASK_STATE_DONE, WAIT);
    assertEquals(TaskState.TASK_STATE_DONE, status.getState());
    assertEquals("tolyglop", status.getResult());
    assertEquals(2, status.getDeliveries());
    assertEquals("reverse polyglot", status.getTask());

    // A late second result for the same task is harmless: the first one stays.
    other.report(id, "second opinion");
    other.finish();
    assertEquals("tolyglop", server.status(id).getResult());
  }

  @Test
  void aWorkerWhoseDeadlinePassesGivesItsTasksBack() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    WorkerSession shortLived = WorkerSession.start(
        server.async().withDeadlineAfter(300, TimeUnit.MILLISECONDS), WorkerSession.HOLD_ALL);
    awaitWorkers(1);
    String id = server.submit("upper deadline");
    assertEquals(id, shortLived.awaitReceived(1, WAIT).get(0).getTaskId());
    assertEquals(Status.Code.DEADLINE_EXCEEDED,
        shortLived.ended().get(30, TimeUnit.SECONDS).getCode());
    TaskStatus status = server.awaitState(id, TaskState.TASK_STATE_QUEUED, WAIT);
    assertEquals(TaskState.TASK_STATE_QUEUED, status.getState());
    assertEquals(1, status.getDeliveries());
    assertEquals(0, server.stats().workers());
  }

  private void awaitWorkers(int count) {
    server.awaitWorkers(count, WAIT);
  }

  /** Bounded polling: returns how many tasks are DONE once all but {@code allowed} are. */
  private int awaitDoneAllBut(List<String> ids, int allowed) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int done;
    do {
      done = 0;
      for (String id : ids) {
        if (server.status(id).getState() == TaskState.TASK_STATE_DONE) {
          done++;
        }
      }
    } while (done < ids.size() - allowed && System.nanoTime() < deadline);
    return done;
  }
}
