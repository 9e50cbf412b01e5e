package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 tasks across 4 workers that randomly disconnect: every task is acknowledged, none is
 * lost, and a task is seen twice only if it was held, unacknowledged, by a worker that left.
 */
class RedeliveryUnderChurnTest {
  private static final int TASKS = 10_000;
  private static final int WORKERS = 4;
  /** A worker disconnects after about one task in this many. */
  private static final int DISCONNECT_ONE_IN = 400;

  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void everyTaskIsAcknowledgedAndDuplicatesOnlyFollowDisconnects() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults().withRetainDone(2 * TASKS));
    Churn churn = new Churn();
    ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        long seed = 42 + w;
        workers.add(threads.submit(() -> churn.runWorker(server.async(), new Random(seed))));
      }
      // Submit while the workers work and churn.
      Future<List<String>> submitted = threads.submit(() -> {
        List<String> ids = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
          ids.add(server.submit("task " + i));
        }
        return ids;
      });
      List<String> ids = submitted.get(120, TimeUnit.SECONDS);
      churn.expect(ids.size());
      for (Future<?> worker : workers) {
        worker.get(120, TimeUnit.SECONDS);
      }
      assertTrue(churn.disconnects.get() > 0, "the test must actually disconnect workers");

      // None lost: every id was acknowledged (confirmed by each session's tellResult reply;
      // every session finished, so every result sent was confirmed) ...
      assertEquals(Set.copyOf(ids), churn.acknowledged.keySet());
      // ... and the server agrees that every task is done, with a result.
      for (String id : ids) {
        TaskStatus status = server.status(id);
        assertEquals(TaskState.TASK_STATE_DONE, status.getState(), "task " + id);
        assertTrue(status.getResult().startsWith("done task "), status.getResult());
        assertTrue(status.getDeliveries() >= churn.seen.get(id).get());
      }
      // Duplicates only where a worker left while holding the task unacknowledged.
      int duplicates = 0;
      for (Map.Entry<String, AtomicInteger> entry : churn.seen.entrySet()) {
        if (entry.getValue().get() > 1) {
          duplicates++;
          assertTrue(churn.heldAtDisconnect.contains(entry.getKey()),
              "task " + entry.getKey() + " delivered " + entry.getValue() + " times without a disconnect");
        }
      }
      assertTrue(duplicates <= churn.heldAtDisconnect.size());
    } finally {
      threads.shutdownNow();
    }
  }

  /** The workers' shared ledger. */
  private static final class Churn {
    final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    /** Results confirmed applied by the server (sent before a tellResult that returned). */
    final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    /** Results sent so far, confirmed or not: tells the workers when to stop. */
    final Set<String> reported = ConcurrentHashMap.newKeySet();
    final Set<String> heldAtDisconnect = ConcurrentHashMap.newKeySet();
    final AtomicInteger disconnects = new AtomicInteger();
    /** Completes once a result was sent for every expected task. */
    final CompletableFuture<Void> allReported = new CompletableFuture<>();
    private volatile int expected = Integer.MAX_VALUE;

    void expect(int count) {
      expected = count;
      checkDone();
    }

    private void checkDone() {
      if (reported.size() >= expected) {
        allReported.complete(null);
      }
    }

    /** Connect, work until a random disconnect (or the end), reconnect; repeat. */
    Void runWorker(ContactGrpc.ContactStub stub, Random random) throws Exception {
      while (!allReported.isDone()) {
        CompletableFuture<Void> leave = new CompletableFuture<>();
        WorkerSession session = WorkerSession.start(stub, (self, task) -> {
          seen.computeIfAbsent(task.getTaskId(), id -> new AtomicInteger()).incrementAndGet();
          if (leave.isDone()) {
            return null; // leaving: hold it, it goes back to the queue
          }
          if (random.nextInt(DISCONNECT_ONE_IN) == 0) {
            leave.complete(null);
            return null;
          }
          reported.add(task.getTaskId());
          checkDone();
          return "done " + task.getTask();
        });
        CompletableFuture.anyOf(leave, allReported).get(120, TimeUnit.SECONDS);
        // Stop acknowledging, wait for the server to have applied every result sent, then cancel.
        leave.complete(null);
        session.finish();
        // After the stream's end is delivered no more tasks can arrive (callbacks are serial).
        session.ended().get(30, TimeUnit.SECONDS);
        Set<String> acked = Set.copyOf(session.acked());
        for (String id : acked) {
          acknowledged.put(id, Boolean.TRUE);
        }
        for (ServerMsg task : session.received()) {
          if (!acked.contains(task.getTaskId())) {
            heldAtDisconnect.add(task.getTaskId());
          }
        }
        if (!allReported.isDone()) {
          disconnects.incrementAndGet();
        }
      }
      return null;
    }
  }
}
