package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.server.testing.EndRecorder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** submitTasks through the real stubs: order, ids, errors, flow control, cancel, shutdown. */
class SubmitTasksTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private ContactTestServer server;

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void receiptsComeInRequestOrderAndNameTheirTasks() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    int count = 1_000;
    Producer producer = Producer.start(server, true);
    for (int i = 0; i < count; i++) {
      producer.send("task " + i);
    }
    producer.requests.onCompleted();
    assertTrue(producer.ended.get(30, TimeUnit.SECONDS).isOk());
    List<String> ids = producer.ids();
    assertEquals(count, ids.size());
    assertEquals(count, new HashSet<>(ids).size(), "every id is new");
    for (int i = 0; i < count; i++) {
      TaskStatus status = server.status(ids.get(i));
      assertEquals("task " + i, status.getTask(), "receipt " + i + " names task " + i);
      assertEquals(TaskState.TASK_STATE_QUEUED, status.getState());
    }
    assertEquals(count, server.stats().queued());
    awaitCondition(() -> server.openStreams() == 0, "the stream is forgotten once ended");
  }

  @Test
  void anEmptyTaskEndsTheStreamNamingItsIndexAndNothingAfterItIsQueued() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    Producer producer = Producer.start(server, true);
    for (String task : List.of("first", "second", "", "after the empty one")) {
      producer.send(task);
    }
    producer.requests.onCompleted();
    Status status = producer.ended.get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertTrue(status.getDescription().contains("task 2 of this submitTasks stream"),
        status.getDescription());
    assertTrue(status.getDescription().contains("task must not be empty"), status.getDescription());
    assertEquals(2, producer.ids().size(), "the tasks before the empty one have receipts");
    assertEquals("second", server.status(producer.ids().get(1)).getTask());
    assertEquals(2, server.stats().queued());
  }

  @Test
  void aFullQueueEndsTheStreamWithResourceExhausted() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults().withMaxQueued(3));
    Producer producer = Producer.start(server, true);
    for (int i = 0; i < 5; i++) {
      producer.send("task " + i);
    }
    producer.requests.onCompleted();
    Status status = producer.ended.get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode());
    assertTrue(status.getDescription().contains("task 3 of this submitTasks stream"),
        status.getDescription());
    assertTrue(status.getDescription().contains("task queue is full"), status.getDescription());
    assertEquals(3, producer.ids().size());
    assertEquals(3, server.stats().queued());
  }

  @Test
  void aProducerThatDoesNotReadItsReceiptsStopsBeingRead() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    Producer producer = Producer.start(server, false);
    int count = TaskSubmissions.WINDOW * 10;
    for (int i = 0; i < count; i++) {
      producer.send("task " + i);
    }
    // The server reads one window and queues it; with no receipt read it asks for no more.
    awaitCondition(() -> server.stats().queued() == TaskSubmissions.WINDOW,
        "one window of tasks queued");
    server.status("1"); // one more round trip through the server before looking again
    assertEquals(TaskSubmissions.WINDOW, server.stats().queued(), "nothing beyond the window");
    assertTrue(producer.ids().isEmpty(), "no receipt was requested");
    // Reading the receipts lets the rest in, still in order.
    producer.requests.request(Integer.MAX_VALUE);
    producer.requests.onCompleted();
    assertTrue(producer.ended.get(30, TimeUnit.SECONDS).isOk());
    assertEquals(count, producer.ids().size());
    assertEquals(count, server.stats().queued());
    assertEquals("task " + (count - 1), server.status(producer.ids().get(count - 1)).getTask());
  }

  @Test
  void aCancelledStreamLeavesExactlyAPrefixOfItsTasksQueued() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    Producer producer = Producer.start(server, true);
    // Cancel mid-stream, possibly with tasks still in transit and unprocessed at the server.
    for (int i = 0; i < 500; i++) {
      producer.send("task " + i);
    }
    producer.awaitIds(100);
    producer.requests.cancel("producer gives up", null);
    assertEquals(Status.Code.CANCELLED, producer.ended.get(30, TimeUnit.SECONDS).getCode());
    awaitCondition(() -> server.openStreams() == 0, "the server forgets the cancelled stream");
    int queued = server.stats().queued();
    assertTrue(queued >= 100, "every task with a receipt is queued, got " + queued);
    // Queued tasks are exactly tasks 0..queued-1 of the stream: none torn, none skipped.
    for (int i = 0; i < queued; i++) {
      assertEquals("task " + i, server.status(Long.toString(i + 1)).getTask());
    }
    StatusRuntimeException beyond = assertThrows(StatusRuntimeException.class,
        () -> server.status(Long.toString(queued + 1)));
    assertEquals(Status.Code.NOT_FOUND, beyond.getStatus().getCode());
    assertEquals(queued, server.stats().queued(), "nothing is queued after the cancel");
  }

  @Test
  void shutdownEndsAnOpenStreamWithUnavailableAndKeepsWhatItQueued() throws Exception {
    server = ContactTestServer.start(ContactConfig.defaults());
    Producer producer = Producer.start(server, true);
    for (int i = 0; i < 3; i++) {
      producer.send("task " + i);
    }
    assertEquals(3, producer.awaitIds(3).size());
    server.beginShutdown();
    Status status = producer.ended.get(30, TimeUnit.SECONDS);
    assertEquals(Status.Code.UNAVAILABLE, status.getCode());
    assertEquals(3, server.stats().queued());
    assertFalse(server.openStreams() > 0, "no stream left open");
  }

  private static void awaitCondition(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      Thread.yield();
    }
    assertTrue(condition.getAsBoolean(), "timed out waiting: " + what);
  }

  /** A submitTasks caller that records receipts and how the call ended. */
  private static final class Producer extends EndRecorder<TaskReceipt>
      implements ClientResponseObserver<TaskRequest, TaskReceipt> {
    private final List<String> ids = new ArrayList<>();
    private final boolean readReceipts;
    ClientCallStreamObserver<TaskRequest> requests;

    private Producer(boolean readReceipts) {
      this.readReceipts = readReceipts;
    }

    static Producer start(ContactTestServer server, boolean readReceipts) {
      Producer producer = new Producer(readReceipts);
      server.async().withDeadlineAfter(60, TimeUnit.SECONDS).submitTasks(producer);
      return producer;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<TaskRequest> requestStream) {
      requests = requestStream;
      if (!readReceipts) {
        requestStream.disableAutoRequestWithInitial(0);
      }
    }

    void send(String task) {
      requests.onNext(TaskRequest.newBuilder().setTask(task).build());
    }

    synchronized List<String> ids() {
      return List.copyOf(ids);
    }

    /** Bounded wait until {@code count} receipts arrived. */
    List<String> awaitIds(int count) {
      awaitCondition(() -> ids().size() >= count, count + " receipts");
      return ids();
    }

    @Override
    public synchronized void onNext(TaskReceipt receipt) {
      ids.add(receipt.getTaskId());
    }
  }
}
