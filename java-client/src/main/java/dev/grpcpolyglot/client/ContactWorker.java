package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A Contact worker: takes tasks from getTask, does them, reports each result on one long-lived
 * tellResult stream, and reconnects with exponential backoff (with jitter) whenever the stream
 * breaks, until it has done {@code maxTasks} or its thread is interrupted.
 *
 * <p>The worker's streams have no deadline (a worker listens until told to stop); leaving is a
 * cancel. Before leaving it half-closes tellResult and waits for the server's reply, so every
 * result it sent counts and none of its finished tasks is redelivered.
 *
 * <p>Threading: tasks are handled on gRPC's callback thread of the getTask call (serial for one
 * call), so the handler runs one task at a time and the server's flow control paces the worker.
 */
public final class ContactWorker {
  /** Does one task; the returned text is reported as its result. */
  public interface TaskHandler {
    String perform(ServerMsg task) throws Exception;
  }

  /** What happened, for a CLI to print. */
  public interface Events {
    void taskDone(ServerMsg task, String result);

    void disconnected(Status status, Duration retryIn);
  }

  private static final Duration RESULT_FLUSH_WAIT = Duration.ofSeconds(10);

  private final ContactGrpc.ContactStub stub;
  private final TaskHandler handler;
  private final long maxTasks;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Events events;
  private final AtomicLong done = new AtomicLong();

  /**
   * @param maxTasks stop after this many tasks (0 = until interrupted)
   * @param initialBackoff first wait before reconnecting; doubles on each failed attempt
   * @param maxBackoff the longest wait between attempts
   */
  public ContactWorker(Channel channel, TaskHandler handler, long maxTasks,
      Duration initialBackoff, Duration maxBackoff, Events events) {
    if (maxTasks < 0 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("bad worker settings");
    }
    this.stub = ContactGrpc.newStub(channel);
    this.handler = handler;
    this.maxTasks = maxTasks;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.events = events;
  }

  /** Tasks done and reported so far. */
  public long tasksDone() {
    return done.get();
  }

  /**
   * Works until {@code maxTasks} are done (returns normally) or the thread is interrupted (throws
   * InterruptedException after leaving cleanly).
   */
  public long run() throws InterruptedException {
    Duration backoff = initialBackoff;
    while (true) {
      Session session = new Session();
      session.start();
      Status end;
      try {
        end = session.awaitEnd();
      } finally {
        // Reached on every exit, interrupts included: report what we did, then leave.
        session.leave();
      }
      if (session.reachedMax) {
        return done.get();
      }
      if (session.tasksSeen > 0) {
        backoff = initialBackoff; // the connection worked: start over after a break
      }
      Duration wait = jitter(backoff);
      events.disconnected(end, wait);
      Thread.sleep(wait.toMillis());
      backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
    }
  }

  /** Between half and all of {@code backoff}, so many workers do not reconnect in lockstep. */
  private static Duration jitter(Duration backoff) {
    long millis = backoff.toMillis();
    return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }

  /** One getTask stream plus one tellResult stream. */
  private final class Session implements ClientResponseObserver<Empty, ServerMsg> {
    private final CompletableFuture<Status> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> resultsTaken = new CompletableFuture<>();
    private ClientCallStreamObserver<Empty> call;
    private StreamObserver<Result> results;
    /** Guarded by this: results stream half-closed, nothing more may be written. */
    private boolean resultsClosed;
    /** Written only by the call's (serial) callbacks; read by the worker thread. */
    private volatile long tasksSeen;
    private volatile boolean reachedMax;

    void start() {
      results = stub.tellResult(new StreamObserver<>() {
        @Override
        public void onNext(Empty value) {}

        @Override
        public void onError(Throwable t) {
          resultsTaken.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
          resultsTaken.complete(null);
        }
      });
      stub.getTask(Empty.getDefaultInstance(), this);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Empty> requestStream) {
      call = requestStream;
    }

    @Override
    @SuppressWarnings("NonAtomicVolatileUpdate") // gRPC calls onNext serially; volatile for readers
    public void onNext(ServerMsg task) {
      tasksSeen++;
      if (reachedMax) {
        return; // not ours any more: it goes back to the queue when we leave
      }
      String result;
      try {
        result = handler.perform(task);
      } catch (Exception e) {
        // Report the failure as the result: an unacknowledged poison task would cycle forever.
        result = "error: " + e;
      }
      if (!report(task.getTaskId(), result)) {
        return;
      }
      events.taskDone(task, result);
      if (done.incrementAndGet() == maxTasks) {
        reachedMax = true;
        ended.complete(Status.OK);
      }
    }

    private synchronized boolean report(String taskId, String result) {
      if (resultsClosed) {
        return false;
      }
      results.onNext(Result.newBuilder().setTaskId(taskId).setRet(result).build());
      return true;
    }

    @Override
    public void onError(Throwable t) {
      ended.complete(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended.complete(Status.UNAVAILABLE.withDescription("server ended getTask"));
    }

    Status awaitEnd() throws InterruptedException {
      try {
        return ended.get();
      } catch (ExecutionException e) {
        return Status.fromThrowable(e.getCause());
      }
    }

    /** Half-close results, wait (bounded) for the server to take them, then cancel getTask. */
    void leave() {
      synchronized (this) {
        resultsClosed = true;
      }
      try {
        results.onCompleted();
        resultsTaken.get(RESULT_FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException | RuntimeException e) {
        // Server gone: unconfirmed results are redelivered elsewhere (at least once).
      }
      call.cancel("worker leaving", null);
    }
  }
}
