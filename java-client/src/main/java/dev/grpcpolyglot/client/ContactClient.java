package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskStatus;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Calls {@code Contact}: the sendStatus push channel and the task queue. Every call, streams
 * included, runs under the client's deadline; a long-running worker is {@link ContactWorker}.
 * Submits carry an idempotency key (a fresh one per call unless given) and are retried on
 * UNAVAILABLE with it as the {@link SubmitRetry} says, so each is queued once.
 */
public final class ContactClient {
  private final ContactGrpc.ContactBlockingStub blocking;
  private final ContactGrpc.ContactStub async;
  private final long deadlineMillis;
  private final SubmitRetry retry;

  public ContactClient(Channel channel, Duration deadline, SubmitRetry retry) {
    this.blocking = ContactGrpc.newBlockingStub(channel);
    this.async = ContactGrpc.newStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
    this.retry = retry;
  }

  public ContactClient(Channel channel, Duration deadline) {
    this(channel, deadline, SubmitRetry.DEFAULT);
  }

  public ContactClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** Queues a task once (a fresh idempotency key, retried on UNAVAILABLE) and returns its id. */
  public String submitTask(String task) {
    return submitTask(task, SubmitRetry.newKey());
  }

  /**
   * As above with the caller's idempotency key (1-128 printable ASCII characters), for a
   * producer that repeats a submit across its own restarts: a repeat answers the original id.
   */
  public String submitTask(String task, String idempotencyKey) {
    TaskRequest request = TaskRequest.newBuilder().setTask(task).build();
    return retry.callUninterruptibly(newDeadline(), deadline ->
        keyed(blocking, idempotencyKey).withDeadline(deadline).submitTask(request).getTaskId());
  }

  /**
   * Queues a batch of tasks in one call, all or none (at most 10,000), and returns their ids in
   * order: the cheapest way to queue tasks that are at hand. Idempotent and retried on
   * UNAVAILABLE like {@link #submitTask(String)}.
   *
   * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT naming the first empty task,
   *     RESOURCE_EXHAUSTED when the queue has no room for the whole batch; no task was queued
   */
  public List<String> submitTaskBatch(List<String> tasks) {
    return submitTaskBatch(tasks, SubmitRetry.newKey());
  }

  /** As above with the caller's idempotency key. */
  public List<String> submitTaskBatch(List<String> tasks, String idempotencyKey) {
    TaskBatch request = TaskBatch.newBuilder().addAllTasks(tasks).build();
    return retry.callUninterruptibly(newDeadline(), deadline ->
        keyed(blocking, idempotencyKey).withDeadline(deadline).submitTaskBatch(request)
            .getTaskIdsList());
  }

  private Deadline newDeadline() {
    return Deadline.after(deadlineMillis, Deadlines.UNIT);
  }

  /** {@code stub} sending {@code key} as the idempotency-key metadata. */
  private static <S extends io.grpc.stub.AbstractStub<S>> S keyed(S stub, String key) {
    Metadata headers = new Metadata();
    headers.put(SubmitRetry.IDEMPOTENCY_KEY, key);
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** The task's state, deliveries and (once done) first result; NOT_FOUND for an unknown id. */
  public TaskStatus getTaskStatus(String taskId) {
    return blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(taskId).build());
  }

  /** Sends every message on one sendStatus stream and returns the replies, in order. */
  public List<String> sendStatus(List<String> messages) throws InterruptedException {
    List<String> replies = new ArrayList<>(messages.size());
    chat(messages.iterator(), reply -> {
      synchronized (replies) {
        replies.add(reply);
      }
    });
    synchronized (replies) {
      return List.copyOf(replies);
    }
  }

  /**
   * A sendStatus conversation: sends each message as the stream can take it (flow control: never
   * more than the transport accepts), hands each reply to {@code onReply} as it arrives (on a gRPC
   * thread), half-closes after the last message and returns when the server ends the call.
   * {@code messages} may block (e.g. lines typed on a terminal).
   *
   * @throws io.grpc.StatusRuntimeException if the call fails
   */
  public void chat(Iterator<String> messages, Consumer<String> onReply) throws InterruptedException {
    PacedSender<ClientMsg, Result> conversation =
        new PacedSender<>(reply -> onReply.accept(reply.getRet()));
    async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT).sendStatus(conversation);
    conversation.sendAll(new Mapping<>(messages, text -> ClientMsg.newBuilder().setMsg(text).build()));
    await(conversation.ended());
  }

  /**
   * Queues many tasks on one submitTasks stream (one call, not one per task) and returns their
   * ids, in order. An UNAVAILABLE stream is sent again whole with the same idempotency key: the
   * server answers the tasks it already queued with their original ids and queues the rest.
   *
   * @throws io.grpc.StatusRuntimeException if a task could not be queued (its index is in the
   *     message; the tasks before it were queued) or the call fails
   */
  public List<String> submitTasks(List<String> tasks) throws InterruptedException {
    String key = SubmitRetry.newKey();
    return retry.call(newDeadline(), deadline -> {
      List<String> ids = new ArrayList<>(tasks.size());
      submitTasks(tasks.iterator(), id -> {
        synchronized (ids) {
          ids.add(id);
        }
      }, key, deadline);
      synchronized (ids) {
        return List.copyOf(ids);
      }
    });
  }

  /**
   * Queues tasks on one submitTasks stream as {@code tasks} yields them (it may block, e.g. lines
   * read from stdin), sending only as fast as the stream takes them, and hands each new task id
   * to {@code onTaskId} in order as its receipt arrives (on a gRPC thread). Returns after the
   * last receipt. The whole stream is under the client's deadline. Sent with a fresh idempotency
   * key but not retried: the tasks cannot be read twice.
   *
   * @throws io.grpc.StatusRuntimeException if a task could not be queued (its index is in the
   *     message; every id handed to {@code onTaskId} was queued) or the call fails
   */
  public void submitTasks(Iterator<String> tasks, Consumer<String> onTaskId)
      throws InterruptedException {
    submitTasks(tasks, onTaskId, SubmitRetry.newKey(), newDeadline());
  }

  private void submitTasks(Iterator<String> tasks, Consumer<String> onTaskId, String key,
      Deadline deadline) throws InterruptedException {
    PacedSender<TaskRequest, TaskReceipt> submission =
        new PacedSender<>(receipt -> onTaskId.accept(receipt.getTaskId()));
    keyed(async, key).withDeadline(deadline).submitTasks(submission);
    submission.sendAll(new Mapping<>(tasks, text -> TaskRequest.newBuilder().setTask(text).build()));
    await(submission.ended());
  }

  /**
   * Works tasks on one getTask stream until {@code last} accepts one (or {@code maxTasks} are
   * done): each result goes out on one tellResult stream as soon as it is computed; then it
   * half-closes that stream, waits until the server has every result, and only then leaves, so
   * no finished task is handed to another worker. The whole exchange is under the deadline.
   *
   * @return the tasks worked on, in order
   */
  public List<ServerMsg> workUntil(Function<ServerMsg, String> work, Predicate<ServerMsg> last,
      int maxTasks) throws InterruptedException {
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<Empty> resultsTaken = new CompletableFuture<>();
    List<ServerMsg> worked = new ArrayList<>();
    StreamObserver<Result> results = async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .tellResult(completing(resultsTaken));
    ClientResponseObserver<Empty, ServerMsg> receiver = new ClientResponseObserver<>() {
      @Override
      @SuppressWarnings("FutureReturnValueIgnored") // callbacks only: nothing waits on them
      public void beforeStart(ClientCallStreamObserver<Empty> requestStream) {
        // Leaving the getTask stream is how a worker says goodbye: cancel once done.
        stop.whenComplete((ignored, failure) -> resultsTaken.whenComplete(
            (reply, error) -> requestStream.cancel("worker done", null)));
      }

      @Override
      public void onNext(ServerMsg task) {
        synchronized (worked) {
          if (stop.isDone()) {
            return; // not ours: it returns to the queue when we leave
          }
          results.onNext(Result.newBuilder()
              .setTaskId(task.getTaskId()).setRet(work.apply(task)).build());
          worked.add(task);
          if (last.test(task) || worked.size() >= maxTasks) {
            stop.complete(null);
          }
        }
      }

      @Override
      public void onError(Throwable t) {
        stop.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        stop.completeExceptionally(Status.UNAVAILABLE
            .withDescription("getTask ended early").asRuntimeException());
      }
    };
    async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .getTask(Empty.getDefaultInstance(), receiver);
    try {
      await(stop);
    } finally {
      synchronized (worked) {
        stop.complete(null); // also on failure: no more writes to results after this
        results.onCompleted();
      }
    }
    await(resultsTaken);
    synchronized (worked) {
      return List.copyOf(worked);
    }
  }

  /** Reports results on one tellResult stream; returns once the server has taken all of them. */
  public void tellResults(List<Result> results) throws InterruptedException {
    CompletableFuture<Empty> reply = new CompletableFuture<>();
    StreamObserver<Result> stream = async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .tellResult(completing(reply));
    results.forEach(stream::onNext);
    stream.onCompleted();
    await(reply);
  }

  /** Completes {@code reply} with a unary-style answer (tellResult's Empty) or its error. */
  private static StreamObserver<Empty> completing(CompletableFuture<Empty> reply) {
    return new StreamObserver<>() {
      @Override
      public void onNext(Empty value) {
        reply.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        reply.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        reply.complete(Empty.getDefaultInstance());
      }
    };
  }

  /** Waits for a call's outcome (see {@link Deadlines#await}). */
  private <T> T await(CompletableFuture<T> future) throws InterruptedException {
    return Deadlines.await(future, deadlineMillis);
  }

  /** An iterator that converts lazily (so a blocking source stays lazy). */
  private record Mapping<A, B>(Iterator<A> source, Function<A, B> convert) implements Iterator<B> {
    @Override
    public boolean hasNext() {
      return source.hasNext();
    }

    @Override
    public B next() {
      return convert.apply(source.next());
    }
  }
}
