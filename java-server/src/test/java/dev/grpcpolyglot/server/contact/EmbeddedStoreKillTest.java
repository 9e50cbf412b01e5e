package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store against the real server process and kill -9: 10,000 answered submits and
 * 3,000 confirmed results survive, with submits and results still streaming in at the kill;
 * after a restart on the same data dir every task runs to DONE and no id is issued twice.
 */
class EmbeddedStoreKillTest {
  private static final int TASKS = 10_000;
  private static final int BATCH = 500;
  private static final int CONFIRMED_RESULTS = 3_000;
  /** Background load at the kill: at most this many more batches of 100. */
  private static final int MORE_BATCHES = 200;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void answeredSubmitsAndResultsSurviveKill9AndAllFinishAfterRestart() throws Exception {
    List<String> args = List.of("--port", "0", "--files-root", tmp.resolve("files").toString(),
        "--data-dir", tmp.resolve("data").toString(), "--contact-retain-done", "1000000",
        "--access-log=false");
    /** Every id a submit was answered with, and its text. */
    Map<String, String> answered = new ConcurrentHashMap<>();
    Map<String, String> confirmedResults = new HashMap<>();
    try (ServerProcess first = ServerProcess.start(List.of(), args, tmp.resolve("first.err"))) {
      ManagedChannel channel = channel(first.address());
      try {
        ContactGrpc.ContactBlockingStub blocking = ContactGrpc.newBlockingStub(channel);
        for (int b = 0; b < TASKS / BATCH; b++) {
          submitBatch(blocking, "task " + b + "-", BATCH, answered);
        }
        assertEquals(TASKS, answered.size());

        // 3,000 results, confirmed by the tellResult reply (sent only once they are stored).
        WorkerSession finisher = WorkerSession.start(ContactGrpc.newStub(channel),
            WorkerSession.ACK_ALL, CONFIRMED_RESULTS);
        List<ServerMsg> finished = finisher.awaitReceived(CONFIRMED_RESULTS, WAIT);
        finisher.awaitAcked(CONFIRMED_RESULTS, WAIT);
        finisher.finish();
        for (ServerMsg task : finished) {
          confirmedResults.put(task.getTaskId(), "done " + task.getTask());
        }

        // Kill -9 in the middle of more submits and more results.
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
          for (int b = 0; b < MORE_BATCHES && !stop.get(); b++) {
            try {
              submitBatch(blocking, "more " + b + "-", 100, answered);
            } catch (RuntimeException e) {
              return; // the server is gone
            }
          }
        });
        WorkerSession busy = WorkerSession.start(ContactGrpc.newStub(channel), WorkerSession.ACK_ALL);
        busy.awaitAcked(500, WAIT);
        first.kill9();
        stop.set(true);
        producer.get(30, TimeUnit.SECONDS);
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }

    try (ServerProcess second = ServerProcess.start(List.of(), args, tmp.resolve("second.err"))) {
      ManagedChannel channel = channel(second.address());
      try {
        ContactGrpc.ContactBlockingStub blocking = ContactGrpc.newBlockingStub(channel);
        ContactGrpc.ContactFutureStub futures = ContactGrpc.newFutureStub(channel);
        // Nothing answered is lost: every task is there, every confirmed result is DONE with it.
        Map<String, TaskStatus> before = statuses(futures, answered.keySet());
        for (String id : answered.keySet()) {
          assertEquals(answered.get(id), before.get(id).getTask(), id);
        }
        for (Map.Entry<String, String> result : confirmedResults.entrySet()) {
          TaskStatus status = before.get(result.getKey());
          assertEquals(TaskState.TASK_STATE_DONE, status.getState(), result.getKey());
          assertEquals(result.getValue(), status.getResult());
        }
        // Ids continue after every id ever answered.
        String next = blocking.withDeadlineAfter(10, TimeUnit.SECONDS)
            .submitTask(TaskRequest.newBuilder().setTask("after the kill").build()).getTaskId();
        assertFalse(answered.containsKey(next), "id " + next + " was issued before the kill");
        long highest = answered.keySet().stream().mapToLong(Long::parseLong).max().orElseThrow();
        assertTrue(Long.parseLong(next) > highest, next + " must come after " + highest);

        // And everything runs to the end.
        WorkerSession worker = WorkerSession.start(ContactGrpc.newStub(channel), WorkerSession.ACK_ALL);
        Set<String> open = new HashSet<>(answered.keySet());
        open.add(next);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
          // Bounded polling: the worker finishes tasks asynchronously.
          statuses(futures, Set.copyOf(open)).forEach((id, status) -> {
            if (status.getState() == TaskState.TASK_STATE_DONE) {
              open.remove(id);
            }
          });
        }
        assertEquals(Set.of(), open, "tasks not DONE after the restart");
        worker.finish();
      } finally {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      }
    }
  }

  static void submitBatch(ContactGrpc.ContactBlockingStub blocking, String prefix,
      int count, Map<String, String> answered) {
    TaskBatch.Builder batch = TaskBatch.newBuilder();
    for (int i = 0; i < count; i++) {
      batch.addTasks(prefix + i);
    }
    List<String> ids = blocking.withDeadlineAfter(30, TimeUnit.SECONDS)
        .submitTaskBatch(batch.build()).getTaskIdsList();
    for (int i = 0; i < count; i++) {
      answered.put(ids.get(i), batch.getTasks(i));
    }
  }

  /** Every task's status, asked 256 at a time (one by one would take most of the test's time). */
  static Map<String, TaskStatus> statuses(ContactGrpc.ContactFutureStub futures,
      Set<String> ids) throws Exception {
    Map<String, TaskStatus> statuses = new HashMap<>();
    List<String> all = List.copyOf(ids);
    for (int from = 0; from < all.size(); from += 256) {
      List<String> window = all.subList(from, Math.min(all.size(), from + 256));
      List<ListenableFuture<TaskStatus>> calls = new ArrayList<>();
      for (String id : window) {
        calls.add(futures.withDeadlineAfter(30, TimeUnit.SECONDS)
            .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(id).build()));
      }
      for (int i = 0; i < window.size(); i++) {
        statuses.put(window.get(i), calls.get(i).get());
      }
    }
    return statuses;
  }

  static ManagedChannel channel(String address) {
    return Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build();
  }
}
