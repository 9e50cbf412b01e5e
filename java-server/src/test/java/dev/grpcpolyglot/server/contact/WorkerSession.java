package dev.grpcpolyglot.server.contact;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Empty;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test worker's connection, through the real stubs: one getTask stream plus one tellResult
 * stream. A {@link Handler} decides per task whether to acknowledge it now.
 */
final class WorkerSession implements ClientResponseObserver<Empty, ServerMsg> {
  /** Returns the result to report for {@code task}, or null to hold it unacknowledged. */
  interface Handler {
    String handle(WorkerSession session, ServerMsg task);
  }

  static final Handler ACK_ALL = (session, task) -> "done " + task.getTask();
  static final Handler HOLD_ALL = (session, task) -> null;

  private final ContactGrpc.ContactStub stub;
  private final Handler handler;
  /** 0: read every task as it comes (auto flow control); n > 0: read only n, then stop reading. */
  private final int readLimit;
  private final List<ServerMsg> received = new ArrayList<>();
  private final List<String> acked = new ArrayList<>();
  private final CompletableFuture<Status> ended = new CompletableFuture<>();
  private final CompletableFuture<Void> resultsDone = new CompletableFuture<>();
  private ClientCallStreamObserver<Empty> call;
  private StreamObserver<Result> results;
  private boolean resultsClosed;

  private WorkerSession(ContactGrpc.ContactStub stub, Handler handler, int readLimit) {
    this.stub = stub;
    this.handler = handler;
    this.readLimit = readLimit;
  }

  static WorkerSession start(ContactGrpc.ContactStub stub, Handler handler) {
    return start(stub, handler, 0);
  }

  static WorkerSession start(ContactGrpc.ContactStub stub, Handler handler, int readLimit) {
    WorkerSession session = new WorkerSession(stub, handler, readLimit);
    session.results = stub.tellResult(new StreamObserver<>() {
      @Override
      public void onNext(Empty value) {}

      @Override
      public void onError(Throwable t) {
        session.resultsDone.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        session.resultsDone.complete(null);
      }
    });
    stub.getTask(Empty.getDefaultInstance(), session);
    return session;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Empty> requestStream) {
    this.call = requestStream;
    if (readLimit > 0) {
      requestStream.disableAutoRequestWithInitial(readLimit);
    }
  }

  @Override
  public void onNext(ServerMsg task) {
    synchronized (this) {
      received.add(task);
      notifyAll();
    }
    String result = handler.handle(this, task);
    if (result != null) {
      report(task.getTaskId(), result);
    }
  }

  @Override
  public void onError(Throwable t) {
    ended.complete(Status.fromThrowable(t));
    synchronized (this) {
      notifyAll();
    }
  }

  @Override
  public void onCompleted() {
    ended.complete(Status.OK);
    synchronized (this) {
      notifyAll();
    }
  }

  /** Sends a result (the results stream is not thread-safe: every write goes through here). */
  synchronized void report(String taskId, String result) {
    if (resultsClosed) {
      return;
    }
    results.onNext(Result.newBuilder().setTaskId(taskId).setRet(result).build());
    acked.add(taskId);
    notifyAll();
  }

  /** Waits (bounded) until at least {@code count} results were sent. */
  synchronized void awaitAcked(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acked.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    assertTrue(acked.size() >= count, "expected " + count + " results sent, got " + acked.size());
  }

  /** Waits (bounded) until at least {@code count} tasks arrived; returns a snapshot. */
  synchronized List<ServerMsg> awaitReceived(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count && !ended.isDone()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    assertTrue(received.size() >= count, "expected " + count + " tasks, got " + received.size()
        + (ended.isDone() ? " (stream ended: " + ended.getNow(null) + ")" : ""));
    return List.copyOf(received);
  }

  synchronized List<ServerMsg> received() {
    return List.copyOf(received);
  }

  synchronized List<String> acked() {
    return List.copyOf(acked);
  }

  CompletableFuture<Status> ended() {
    return ended;
  }

  /**
   * Half-closes the results stream and waits for the server's Empty: every result sent before is
   * then applied. Then cancels getTask (unreported tasks go back to the queue).
   */
  void finish() throws Exception {
    synchronized (this) {
      if (!resultsClosed) {
        resultsClosed = true;
        results.onCompleted();
      }
    }
    resultsDone.get(30, TimeUnit.SECONDS);
    call.cancel("worker finished", null);
  }

  /** An abrupt disconnect: both streams cancelled, nothing more is reported. */
  void disconnect() {
    synchronized (this) {
      resultsClosed = true;
    }
    call.cancel("worker disconnected", null);
    if (results instanceof ClientCallStreamObserver<Result> resultCall) {
      resultCall.cancel("worker disconnected", null);
    }
  }
}
