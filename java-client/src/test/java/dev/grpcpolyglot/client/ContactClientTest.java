package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ContactClient and ContactWorker against the real server (in-process transport). */
class ContactClientTest {
  private final String name = InProcessServerBuilder.generateName();
  private PolyglotServer server;
  private ManagedChannel channel;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    server = startServer();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.stop();
  }

  private PolyglotServer startServer() throws Exception {
    return new PolyglotServer(InProcessServerBuilder.forName(name), ServerConfig.forTests()).start();
  }

  @Test
  void submitTasksQueuesEveryTaskOnOneStreamAndReturnsIdsInOrder() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      tasks.add("upper t" + i);
    }
    List<String> ids = client.submitTasks(tasks);
    assertEquals(tasks.size(), ids.size());
    for (int i : new int[] {0, 1, 999, 1_999}) {
      TaskStatus status = client.getTaskStatus(ids.get(i));
      assertEquals(tasks.get(i), status.getTask());
      assertEquals(TaskState.TASK_STATE_QUEUED, status.getState());
    }
  }

  @Test
  void submitTaskBatchQueuesAllOrNone() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    List<String> ids = client.submitTaskBatch(List.of("upper a", "reverse b", "sum 1 2"));
    assertEquals(3, ids.size());
    assertEquals("reverse b", client.getTaskStatus(ids.get(1)).getTask());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> client.submitTaskBatch(List.of("fine", "")));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("task 1 of the batch"),
        e.getStatus().getDescription());
    assertEquals(TaskState.TASK_STATE_QUEUED, client.getTaskStatus(ids.get(2)).getState());
  }

  @Test
  void submitTasksReportsTheFirstBadTaskAndKeepsTheIdsBeforeIt() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    List<String> ids = new ArrayList<>();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> client.submitTasks(List.of("a", "b", "", "c").iterator(), ids::add));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("task 2 of this submitTasks stream"),
        e.getStatus().getDescription());
    assertEquals(2, ids.size());
    assertEquals("b", client.getTaskStatus(ids.get(1)).getTask());
  }

  @Test
  void sendStatusRepliesToEachMessageInOrder() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      messages.add("m" + i);
    }
    List<String> replies = client.sendStatus(messages);
    assertEquals(1_000, replies.size());
    for (int i = 0; i < 1_000; i++) {
      assertEquals("server received: m" + i, replies.get(i));
    }
  }

  @Test
  void submitWorkAndStatusRoundTrip() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    String id = client.submitTask("sum 1 2 3");
    assertEquals(TaskState.TASK_STATE_QUEUED, client.getTaskStatus(id).getState());
    String other = client.submitTask("upper later");
    List<ServerMsg> worked =
        client.workUntil(msg -> TaskWork.perform(msg.getTask()), msg -> true, 10);
    assertEquals(1, worked.size(), "stops after the task it was waiting for");
    assertEquals(id, worked.get(0).getTaskId());
    assertEquals(TaskState.TASK_STATE_QUEUED,
        awaitState(client, other, TaskState.TASK_STATE_QUEUED).getState(),
        "a task it may have received but did not work is back in the queue once it left");
    TaskStatus status = client.getTaskStatus(id);
    assertEquals(TaskState.TASK_STATE_DONE, status.getState());
    assertEquals("6", status.getResult());
    assertEquals(1, status.getDeliveries());
    StatusRuntimeException e =
        assertThrows(StatusRuntimeException.class, () -> client.getTaskStatus("424242"));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void workerDoesMaxTasksThenLeavesWithEveryResultCounted() throws Exception {
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ids.add(client.submitTask("upper task" + i));
    }
    ContactWorker worker = new ContactWorker(channel, msg -> TaskWork.perform(msg.getTask()), 50,
        Duration.ofMillis(10), Duration.ofMillis(100), quietEvents(new LinkedBlockingQueue<>()));
    assertEquals(50, worker.run());
    for (int i = 0; i < 50; i++) {
      TaskStatus status = client.getTaskStatus(ids.get(i));
      assertEquals(TaskState.TASK_STATE_DONE, status.getState());
      assertEquals("TASK" + i, status.getResult());
      assertEquals(1, status.getDeliveries(), "finished tasks are not redelivered");
    }
  }

  @Test
  void workerReconnectsWithBackoffWhenTheServerGoesAwayAndComesBack() throws Exception {
    BlockingQueue<Status> disconnects = new LinkedBlockingQueue<>();
    ContactWorker worker = new ContactWorker(channel, msg -> TaskWork.perform(msg.getTask()), 2,
        Duration.ofMillis(20), Duration.ofMillis(200), quietEvents(disconnects));
    Future<Long> run = threads.submit(worker::run);
    ContactClient client = new ContactClient(channel, Duration.ofSeconds(30));
    String first = client.submitTask("reverse abc");
    assertEquals("cba", awaitState(client, first, TaskState.TASK_STATE_DONE).getResult());

    server.stop(); // the worker's stream ends with UNAVAILABLE
    assertEquals(Status.Code.UNAVAILABLE, disconnects.poll(30, TimeUnit.SECONDS).getCode());
    // Its next attempt finds no server either, so the channel is in gRPC's reconnect backoff.
    assertEquals(Status.Code.UNAVAILABLE, disconnects.poll(30, TimeUnit.SECONDS).getCode());
    server = startServer(); // same in-process name: the channel reaches the new server
    // The default policy's retries span 0.7 s; the channel's first reconnect backoff is 0.8-1.2 s
    // (gRPC: 1 s, jitter 20 %), so this submit rides out the backoff with a longer policy.
    SubmitRetry outlastsReconnectBackoff =
        new SubmitRetry(8, Duration.ofMillis(100), Duration.ofSeconds(2));
    String second = new ContactClient(channel, Duration.ofSeconds(30), outlastsReconnectBackoff)
        .submitTask("reverse xyz");
    assertEquals(2L, run.get(60, TimeUnit.SECONDS));
    assertEquals("zyx", client.getTaskStatus(second).getResult());
    assertTrue(worker.tasksDone() == 2);
  }

  /** Bounded polling: the result travels worker -> server asynchronously. */
  private static TaskStatus awaitState(ContactClient client, String id, TaskState state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    TaskStatus status = client.getTaskStatus(id);
    while (status.getState() != state && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      status = client.getTaskStatus(id);
    }
    return status;
  }

  private static ContactWorker.Events quietEvents(BlockingQueue<Status> disconnects) {
    return new ContactWorker.Events() {
      @Override
      public void taskDone(ServerMsg task, String result) {}

      @Override
      public void disconnected(Status status, Duration retryIn) {
        disconnects.add(status);
      }
    };
  }
}
