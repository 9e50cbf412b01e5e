package dev.grpcpolyglot.server.contact.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue alone (no gRPC): bookkeeping, limits, shutdown, and acks racing with worker ends. */
class TaskQueueTest {
  /** Records what the queue hands it; ready unless told otherwise. */
  static final class RecordingSink implements TaskSink {
    final List<String> ids = new ArrayList<>();
    volatile boolean ready = true;
    volatile RuntimeException closedWith;
    volatile RuntimeException failSends;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public synchronized void send(String taskId, String text) {
      if (failSends != null) {
        throw failSends;
      }
      ids.add(taskId);
    }

    @Override
    public void close(RuntimeException reason) {
      closedWith = reason;
    }

    synchronized List<String> ids() {
      return List.copyOf(ids);
    }
  }

  @Test
  void shutdownReturnsUnacknowledgedTasksAndClosesWorkersWithUnavailable() {
    TaskQueue queue = new TaskQueue(2, 100, 10, 10);
    RecordingSink sink = new RecordingSink();
    queue.register(sink);
    String a = queue.submit("a");
    String b = queue.submit("b");
    queue.acknowledge(a, "A");
    assertEquals(TaskState.IN_FLIGHT, queue.status(b).state());

    ProblemException reason = new ProblemException(Problem.UNAVAILABLE, "shutting down");
    queue.shutdown(reason);
    assertEquals(reason, sink.closedWith);
    assertEquals(TaskState.QUEUED, queue.status(b).state(), "unacknowledged task back in the queue");
    assertEquals(TaskState.DONE, queue.status(a).state());
    assertEquals(Problem.UNAVAILABLE,
        assertThrows(ProblemException.class, () -> queue.submit("c")).problem());
    assertEquals(Problem.UNAVAILABLE,
        assertThrows(ProblemException.class, () -> queue.register(new RecordingSink())).problem());
    // A late result is still taken.
    assertEquals(Ack.FIRST, queue.acknowledge(b, "B"));
  }

  @Test
  void limitsAndRetentionAreEnforced() {
    TaskQueue queue = new TaskQueue(1, 2, 1, 2);
    String first = queue.submit("1");
    queue.submit("2");
    ProblemException full = assertThrows(ProblemException.class, () -> queue.submit("3"));
    assertEquals(Problem.RESOURCE_EXHAUSTED, full.problem());
    assertTrue(full.getMessage().contains("--contact-max-queued"), full.getMessage());
    assertEquals(Problem.INVALID_ARGUMENT,
        assertThrows(ProblemException.class, () -> queue.submit("")).problem());

    // Acknowledged while still queued (e.g. a late result after a redelivery): done, never sent.
    assertEquals(Ack.FIRST, queue.acknowledge(first, "r1"));
    assertEquals(Ack.REPEAT, queue.acknowledge(first, "again"));
    assertEquals("r1", queue.status(first).result());
    RecordingSink sink = new RecordingSink();
    queue.register(sink);
    assertEquals(List.of("2"), sink.ids());
    queue.acknowledge("2", "r2");
    // Only the newest finished task is kept.
    assertEquals(Problem.NOT_FOUND,
        assertThrows(ProblemException.class, () -> queue.status(first)).problem());
    assertEquals("r2", queue.status("2").result());

    for (String bad : List.of("0", "-1", "+2", "02", "x", "99999999999999999999")) {
      assertEquals(Ack.UNKNOWN_ID, queue.acknowledge(bad, "loose " + bad));
      assertEquals(Problem.NOT_FOUND,
          assertThrows(ProblemException.class, () -> queue.status(bad)).problem());
    }
    queue.keepLooseResult("no id");
    assertEquals(List.of("loose 99999999999999999999", "no id"), queue.looseResults());
    assertEquals(7, queue.stats().looseResults());
  }

  @Test
  void aSinkThatIsNotReadyGetsNothingUntilItIsAndAFailingSinkLosesNothing() {
    TaskQueue queue = new TaskQueue(4, 100, 10, 10);
    RecordingSink slow = new RecordingSink();
    slow.ready = false;
    TaskQueue.Worker slowWorker = queue.register(slow);
    RecordingSink broken = new RecordingSink();
    broken.failSends = new IllegalStateException("stream broke");
    queue.register(broken);
    String id = queue.submit("t");
    // The broken sink took it, failed, was closed with its failure; the task is queued again.
    assertEquals(broken.failSends, broken.closedWith);
    assertEquals(TaskState.QUEUED, queue.status(id).state());
    assertEquals(List.of(), slow.ids());
    slow.ready = true;
    slowWorker.onReady();
    assertEquals(List.of(id), slow.ids());
    assertEquals(2, queue.status(id).deliveries());
  }

  @Test
  void acksRacingWithWorkerEndsNeverLoseOrDoubleCountATask() throws Exception {
    TaskQueue queue = new TaskQueue(8, 100_000, 100_000, 10);
    int tasks = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        ids.add(queue.submit("t" + i));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> jobs = new ArrayList<>();
      // Two churning workers that acknowledge half of what they get from another thread, while
      // ending and re-registering; the ack of a task and the end of its worker race constantly.
      for (int w = 0; w < 2; w++) {
        jobs.add(pool.submit(() -> {
          go.await();
          while (queue.stats().queued() + queue.stats().inFlight() > 0) {
            RecordingSink sink = new RecordingSink();
            TaskQueue.Worker worker = queue.register(sink);
            Future<?> acker = pool.submit(() -> {
              for (String id : sink.ids()) {
                queue.acknowledge(id, "r");
              }
            });
            worker.end();
            acker.get();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> job : jobs) {
        job.get(60, TimeUnit.SECONDS);
      }
      QueueStats stats = queue.stats();
      assertEquals(0, stats.queued());
      assertEquals(0, stats.inFlight());
      assertEquals(tasks, stats.retainedDone(), "every task done exactly once");
      for (String id : ids) {
        assertEquals(TaskState.DONE, queue.status(id).state());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
