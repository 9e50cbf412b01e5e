package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.server.contact.queue.QueueStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * 100,000 waiting tasks with four connected workers that never read: each worker holds at most
 * its window, and the heap retained per waiting task stays small and independent of the number
 * of workers (one shared record per task, no per-worker copies, no buffered sends).
 */
class QueueMemoryTest {
  private static final int TASKS = 100_000;
  private static final int WORKERS = 4;
  /** A record, its index entry and an 11-char text take ~200 bytes; per-worker copies would not fit. */
  private static final long MAX_BYTES_PER_TASK = 400;

  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void retainedHeapPerQueuedTaskIsBounded() throws Exception {
    int window = ContactConfig.DEFAULT_MAX_IN_FLIGHT;
    server = ContactTestServer.start(ContactConfig.defaults());
    List<WorkerSession> workers = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      workers.add(WorkerSession.start(server.async(), WorkerSession.HOLD_ALL, 1));
    }
    server.awaitWorkers(WORKERS, Duration.ofSeconds(30));
    long before = usedHeapAfterGc();

    ExecutorService submitters = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> lastIds = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int from = t * (TASKS / 4);
        lastIds.add(submitters.submit(() -> {
          String id = null;
          for (int i = from; i < from + TASKS / 4; i++) {
            id = server.submit(String.format("task-%06d", i));
          }
          return id;
        }));
      }
      for (Future<String> id : lastIds) {
        id.get(300, TimeUnit.SECONDS);
      }
    } finally {
      submitters.shutdownNow();
    }

    long after = usedHeapAfterGc();
    long perTask = (after - before) / TASKS;
    QueueStats stats = server.stats();
    assertTrue(stats.inFlight() <= WORKERS * window, "in flight: " + stats.inFlight());
    assertEquals(TASKS, stats.queued() + stats.inFlight());
    for (WorkerSession worker : workers) {
      assertEquals(1, worker.received().size(), "a worker that does not read gets no more");
    }
    assertTrue(perTask <= MAX_BYTES_PER_TASK, "retained " + perTask + " bytes per queued task");
    System.out.println("QueueMemoryTest: " + perTask + " bytes retained per queued task ("
        + TASKS + " tasks, " + WORKERS + " idle workers)");
    assertEquals(TaskState.TASK_STATE_QUEUED, server.status(Long.toString(TASKS)).getState());
  }

  /** Heap in use once garbage is gone: collect until two readings agree (bounded). */
  private static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      memory.gc();
      long used = memory.getHeapMemoryUsage().getUsed();
      if (Math.abs(previous - used) < 256 * 1024) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
