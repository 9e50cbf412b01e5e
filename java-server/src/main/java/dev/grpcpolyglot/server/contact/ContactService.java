package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskBatchReceipt;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import dev.grpcpolyglot.server.lifecycle.DependentService;
import dev.grpcpolyglot.server.lifecycle.GracefulService;
import dev.grpcpolyglot.server.lifecycle.NonBlockingService;
import dev.grpcpolyglot.server.contact.queue.QueueStats;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.contact.queue.TaskView;
import dev.grpcpolyglot.server.error.Failures;
import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import dev.grpcpolyglot.server.error.Unary;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code Contact}: a push channel (sendStatus) and an at-least-once task queue (submitTask,
 * submitTasks, submitTaskBatch, getTask, tellResult, getTaskStatus). The queue's state lives in a
 * {@link TaskStore} (memory, embedded database); this class only adapts it to gRPC streams, flow
 * control and statuses.
 *
 * <p>Threading: no handler blocks (the queue's critical sections are short and sinks never wait),
 * so the service is a {@link NonBlockingService}: its callbacks run on the transport threads.
 * Callbacks of one call are still serial; different calls run concurrently.
 */
public final class ContactService extends ContactGrpc.ContactImplBase
    implements GracefulService, DependentService, NonBlockingService, AutoCloseable {
  /**
   * Tasks per submitTaskBatch call, at most: bounds the time one call holds the queue's lock
   * (about a millisecond) and the size of its reply.
   */
  static final int MAX_BATCH = 10_000;

  private final TaskStore queue;
  private final ResultLog resultLog = new ResultLog();
  /** sendStatus and submitTasks streams still open, to end at shutdown. */
  private final Set<GuardedReplies<?>> openStreams = ConcurrentHashMap.newKeySet();
  private final DemoTaskProducer producer;

  /**
   * Opens the configured store.
   *
   * @throws IllegalArgumentException when the store cannot be opened, naming why
   */
  public ContactService(ContactConfig config) {
    this(config, DomainMetrics.NONE);
  }

  /** As above, exposing the queue's depth, in-flight tasks, workers and redeliveries. */
  public ContactService(ContactConfig config, DomainMetrics metrics) {
    this.queue = TaskStores.open(config);
    ContactMetrics.observe(queue, metrics);
    this.producer = config.demoTasksEvery().isZero()
        ? null
        : DemoTaskProducer.start(queue, config.demoTasksEvery());
  }

  /** Answers each message with "server received: " + msg, in order; ends OK on half-close. */
  @Override
  public StreamObserver<ClientMsg> sendStatus(StreamObserver<Result> responseObserver) {
    return StatusChat.start(responseObserver, openStreams);
  }

  /**
   * Makes the caller a worker: streams it tasks, at most --contact-max-in-flight unacknowledged
   * at once and only while its stream is ready. Ends with UNAVAILABLE at shutdown; when it ends
   * in any way, the worker's unacknowledged tasks go back to the front of the queue.
   */
  @Override
  public void getTask(Empty request, StreamObserver<ServerMsg> responseObserver) {
    ServerCallStreamObserver<ServerMsg> stream = (ServerCallStreamObserver<ServerMsg>) responseObserver;
    // The handlers must be installed before this method returns, i.e. before the worker exists;
    // gRPC runs them only after it returns (callbacks of one call are serialized), so the
    // reference is always set by then, except when registration failed.
    AtomicReference<TaskStore.WorkerSlot> worker = new AtomicReference<>();
    stream.setOnCancelHandler(() -> {
      TaskStore.WorkerSlot registered = worker.get();
      if (registered != null) {
        registered.end();
      }
    });
    stream.setOnReadyHandler(() -> {
      TaskStore.WorkerSlot registered = worker.get();
      if (registered != null) {
        registered.onReady();
      }
    });
    try {
      worker.set(queue.register(new WorkerStream(stream)));
    } catch (ProblemException e) {
      stream.onError(Statuses.toException(e));
    }
  }

  /**
   * Takes a worker's results: one naming a task id acknowledges that task (the first result is
   * kept); one without an id is kept and acknowledges nothing. Returns Empty on half-close.
   */
  @Override
  public StreamObserver<Result> tellResult(StreamObserver<Empty> responseObserver) {
    return new ResultIntake(queue, resultLog, responseObserver, openStreams);
  }

  /**
   * Queues a task; INVALID_ARGUMENT when empty, RESOURCE_EXHAUSTED when the queue is full. With
   * an idempotency-key already stored: the original id, nothing queued.
   */
  @Override
  public void submitTask(TaskRequest request, StreamObserver<TaskReceipt> responseObserver) {
    CompletableFuture<String> stored;
    try {
      String key = keyOfCall();
      stored = queue.submit(request.getTask(),
          key == null ? null : SubmitKey.ofTask(key, request.getTask()));
    } catch (ProblemException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    answerWhenDone(responseObserver, stored, id -> TaskReceipt.newBuilder().setTaskId(id).build());
  }

  /**
   * Queues each task of the stream and answers with its receipt, in order; the first task that
   * cannot be queued ends the stream (INVALID_ARGUMENT, RESOURCE_EXHAUSTED or UNAVAILABLE, the
   * message naming its index). Reads ahead a bounded window, only while receipts are read.
   */
  @Override
  public StreamObserver<TaskRequest> submitTasks(StreamObserver<TaskReceipt> responseObserver) {
    String key;
    try {
      key = keyOfCall();
    } catch (ProblemException e) {
      responseObserver.onError(Statuses.toException(e));
      return TaskSubmissions.IGNORE;
    }
    return TaskSubmissions.start(queue, responseObserver, openStreams, key);
  }

  /**
   * Queues a batch of tasks, all or none, and answers with their ids in order; INVALID_ARGUMENT
   * for an empty task (naming its index) or more than {@link #MAX_BATCH} tasks,
   * RESOURCE_EXHAUSTED when the queue has no room for the whole batch.
   */
  @Override
  public void submitTaskBatch(TaskBatch request, StreamObserver<TaskBatchReceipt> responseObserver) {
    if (request.getTasksCount() > MAX_BATCH) {
      responseObserver.onError(Statuses.toException(ProblemException.invalidArgument(
          "a batch holds at most " + MAX_BATCH + " tasks, this one has "
              + request.getTasksCount() + "; split it").at("tasks").because("BATCH_TOO_LARGE")));
      return;
    }
    CompletableFuture<List<String>> stored;
    try {
      String key = keyOfCall();
      stored = key == null
          ? queue.submitAll(request.getTasksList())
          : queue.submitAll(request.getTasksList(), SubmitKey.ofBatch(key, request.getTasksList()));
    } catch (ProblemException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    answerWhenDone(responseObserver, stored,
        ids -> TaskBatchReceipt.newBuilder().addAllTaskIds(ids).build());
  }

  /** The call's idempotency-key, validated (INVALID_ARGUMENT naming the problem), or null. */
  private static String keyOfCall() {
    String raw = IdempotencyKeys.current();
    return raw == null ? null : SubmitKey.validate(raw);
  }

  /** A task's state and first result; NOT_FOUND for an unknown (or forgotten) id. */
  @Override
  public void getTaskStatus(TaskStatusRequest request, StreamObserver<TaskStatus> responseObserver) {
    Unary.respond(responseObserver, () -> toProto(statusOf(request.getTaskId())));
  }

  /** Unavailable while a shared task database does not answer. */
  @Override
  public void watchAvailability(Consumer<Boolean> listener) {
    queue.watchAvailability(listener);
  }

  /** Shutdown: no more tasks handed out; workers, chats and submit streams end with UNAVAILABLE. */
  @Override
  public void beginShutdown() {
    if (producer != null) {
      producer.stop();
    }
    queue.shutdown(new ProblemException(Problem.UNAVAILABLE,
        "server is shutting down; your unacknowledged tasks went back to the queue, reconnect"
            + " to another server"));
    // After the queue is closed, so no stream can queue a task its caller never hears of.
    for (GuardedReplies<?> stream : openStreams) {
      stream.shutdown();
    }
  }

  /** Closes the store, once the server has stopped (no call uses it any more). */
  @Override
  public void close() {
    queue.close();
  }

  /** sendStatus, submitTasks and tellResult streams not yet ended, for tests. */
  int openStreams() {
    return openStreams.size();
  }

  /** Queue counts, for tests and diagnostics. */
  QueueStats stats() {
    return queue.stats();
  }

  /**
   * Answers a unary call once {@code stored} completes (after the commit, for a durable store):
   * the reply built from its value, or its failure's status.
   */
  private static <T, R> void answerWhenDone(StreamObserver<R> responseObserver,
      CompletableFuture<T> stored, Function<T, R> reply) {
    // The callback answers success and failure alike: nothing waits on the future it returns.
    var unused = stored.whenComplete((value, failure) -> {
      if (failure != null) {
        responseObserver.onError(Statuses.toException(Failures.unwrap(failure)));
      } else {
        responseObserver.onNext(reply.apply(value));
        responseObserver.onCompleted();
      }
    });
  }

  private TaskView statusOf(String taskId) {
    if (taskId.isEmpty()) {
      throw ProblemException.invalidArgument("task_id must not be empty")
          .at("task_id").because("EMPTY_TASK_ID");
    }
    return queue.status(taskId);
  }

  private static TaskStatus toProto(TaskView view) {
    return TaskStatus.newBuilder()
        .setTaskId(view.id())
        .setTask(view.text())
        .setState(switch (view.state()) {
          case QUEUED -> dev.grpcpolyglot.proto.contact.TaskState.TASK_STATE_QUEUED;
          case IN_FLIGHT -> dev.grpcpolyglot.proto.contact.TaskState.TASK_STATE_IN_FLIGHT;
          case DONE -> dev.grpcpolyglot.proto.contact.TaskState.TASK_STATE_DONE;
        })
        .setResult(view.result())
        .setDeliveries(view.deliveries())
        .build();
  }
}
