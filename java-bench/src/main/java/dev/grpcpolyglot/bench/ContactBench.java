package dev.grpcpolyglot.bench;

import dev.grpcpolyglot.client.ContactWorker;
import dev.grpcpolyglot.proto.contact.ClientMsg;
import dev.grpcpolyglot.proto.contact.ContactGrpc;
import dev.grpcpolyglot.proto.contact.Result;
import dev.grpcpolyglot.proto.contact.ServerMsg;
import dev.grpcpolyglot.proto.contact.TaskBatch;
import dev.grpcpolyglot.proto.contact.TaskReceipt;
import dev.grpcpolyglot.proto.contact.TaskRequest;
import dev.grpcpolyglot.proto.contact.TaskState;
import dev.grpcpolyglot.proto.contact.TaskStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Contact throughput over a real connection (run by scripts/bench-contact against the server jar):
 * tasks per second end to end (submitTaskBatch calls, or with --submit stream one submitTasks
 * stream, or with --submit unary one submitTask call per task -> a worker's getTask ->
 * tellResult, until the server has every result), and sendStatus messages per second
 * on one stream. Every phase is bounded in count and time; a warm-up round (a fifth of the size)
 * runs first and is not reported.
 */
@Command(name = "contact-bench", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Measures Contact tasks/s (4 workers) and sendStatus msgs/s on one stream.")
final class ContactBench implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--target", required = true, paramLabel = "HOST:PORT") String target;
  @Option(names = "--tasks", defaultValue = "200000", description = "Tasks in the measured round.")
  int tasks;
  @Option(names = "--workers", defaultValue = "4") int workers;
  @Option(names = "--messages", defaultValue = "2000000",
      description = "sendStatus messages in the measured round.")
  int messages;
  @Option(names = "--chat-warmup", defaultValue = "-1",
      description = "sendStatus messages in the untimed warm-up stream (-1: a fifth of --messages)."
          + " A JVM pinned to one core needs about a million before its JIT settles.")
  int chatWarmup;
  @Option(names = "--submit", defaultValue = "batch",
      description = "How the producer submits: stream (one submitTasks stream), unary (one"
          + " submitTask call per task) or batch (one submitTaskBatch call per --batch-size"
          + " tasks); unary and batch keep --submit-window calls in flight.")
  SubmitMode submitMode;
  @Option(names = "--submit-window", defaultValue = "0",
      description = "With --submit unary or batch: calls in flight at once (0: 512 unary calls,"
          + " 4 batches).")
  int submitWindow;
  @Option(names = "--batch-size", defaultValue = "500",
      description = "With --submit batch: tasks per submitTaskBatch call (at most 10000).")
  int batchSize;
  @Option(names = "--time-limit", defaultValue = "300", description = "Seconds per phase, at most.")
  int timeLimitSeconds;
  @Option(names = "--server-pid", defaultValue = "0",
      description = "The server's process id (Linux): also report its CPU time per item.")
  long serverPid;
  @Option(names = "--phases", defaultValue = "tasks,drain,chat", split = ",",
      description = "Which measurements to run: tasks (end to end), drain (workers emptying a"
          + " full queue), chat (sendStatus).")
  List<String> phases;

  enum SubmitMode { stream, unary, batch }

  @Override
  public Integer call() throws Exception {
    System.out.printf(Locale.ROOT,
        "contact-bench: target %s, %d workers, %d tasks (submit: %s), %d messages%n",
        target, workers, tasks, submitMode, messages);
    if (phases.contains("tasks")) {
      taskRound(Math.max(1, tasks / 5), false);
      CpuMeter cpu = CpuMeter.start(serverPid);
      double tasksPerSecond = taskRound(tasks, false);
      System.out.printf(Locale.ROOT, "RESULT tasks/s end to end (%d workers): %.0f%s%n", workers,
          tasksPerSecond, cpu.perItem(tasks, "task"));
    }
    if (phases.contains("drain")) {
      taskRound(Math.max(1, tasks / 5), true);
      CpuMeter cpu = CpuMeter.start(serverPid);
      double tasksPerSecond = taskRound(tasks, true);
      System.out.printf(Locale.ROOT, "RESULT tasks/s from a full queue (%d workers): %.0f%s%n",
          workers, tasksPerSecond, cpu.perItem(tasks, "task"));
    }
    if (phases.contains("chat")) {
      chatRound(chatWarmup >= 0 ? chatWarmup : Math.max(1, messages / 5));
      CpuMeter cpu = CpuMeter.start(serverPid);
      double messagesPerSecond = chatRound(messages);
      System.out.printf(Locale.ROOT, "RESULT sendStatus msgs/s (one stream): %.0f%s%n",
          messagesPerSecond, cpu.perItem(messages, "msg"));
    }
    return 0;
  }

  /**
   * Channels run callbacks on the transport thread (directExecutor): the bench's callbacks only
   * count and forward, never block, so an executor hop per message would only measure itself.
   * Retries are off: with them on (grpc-java's default) every streamed message goes through the
   * retry layer and is kept for a possible replay until the call commits, work the bench's
   * long streams never need.
   */
  private ManagedChannel channel() {
    return NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().disableRetry()
        .build();
  }

  /**
   * With {@code preload}, the tasks are queued first and only the workers are timed (the
   * queue's delivery rate: getTask -> tellResult -> ack); without, submitting is timed too.
   */
  private double taskRound(int count, boolean preload) throws Exception {
    List<ManagedChannel> channels = new ArrayList<>();
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicLong done = new AtomicLong();
    CountDownLatch allDone = new CountDownLatch(1);
    try {
      List<Future<Long>> running = new ArrayList<>();
      ManagedChannel producerChannel = channel();
      channels.add(producerChannel);
      String lastId = null;
      if (preload) {
        lastId = submitAll(producerChannel, count); // not timed: the queue is full before workers start
      }
      long start = System.nanoTime();
      for (int i = 0; i < workers; i++) {
        ManagedChannel channel = channel();
        channels.add(channel);
        ContactWorker worker = new ContactWorker(channel, task -> "ok " + task.getTaskId(), 0,
            Duration.ofMillis(50), Duration.ofSeconds(1), new ContactWorker.Events() {
              @Override
              public void taskDone(ServerMsg task, String result) {
                if (done.incrementAndGet() == count) {
                  allDone.countDown();
                }
              }

              @Override
              public void disconnected(Status status, Duration retryIn) {
                System.err.println("worker disconnected: " + status);
              }
            });
        running.add(threads.submit(worker::run));
      }
      if (!preload) {
        lastId = submitAll(producerChannel, count);
      }
      long submitted = System.nanoTime();
      if (!allDone.await(timeLimitSeconds, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + done.get() + " of " + count + " tasks done in time");
      }
      // Workers leave cleanly: each waits until the server has taken all its results.
      for (Future<Long> worker : running) {
        worker.cancel(true);
      }
      threads.shutdown();
      threads.awaitTermination(30, TimeUnit.SECONDS);
      long end = System.nanoTime();
      TaskState last = ContactGrpc.newBlockingStub(producerChannel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(lastId).build()).getState();
      double seconds = (end - start) / 1e9;
      System.out.printf(Locale.ROOT,
          preload
              ? "tasks: %d queued ones done in %.2f s = %.0f tasks/s by the workers%s; last task %s%n"
              : "tasks: %d in %.2f s = %.0f tasks/s end to end (submitting alone %.0f/s); last task %s%n",
          count, seconds, count / seconds,
          preload ? "" : count / ((submitted - start) / 1e9), last);
      if (last != TaskState.TASK_STATE_DONE) {
        throw new IllegalStateException("last task not done: " + last);
      }
      return count / seconds;
    } finally {
      threads.shutdownNow();
      for (ManagedChannel channel : channels) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** Submits {@code count} tasks the chosen way; returns the last id. */
  private String submitAll(ManagedChannel channel, int count) throws Exception {
    return switch (submitMode) {
      case stream -> submitStreamed(channel, count);
      case unary -> submitPipelined(channel, count, false);
      case batch -> submitPipelined(channel, count, true);
    };
  }

  /**
   * One submitTasks stream, fed from its onReady handler: on the transport thread (direct
   * executor), as many tasks as the stream takes in one go, which Netty writes in one flush.
   */
  private String submitStreamed(ManagedChannel channel, int count) throws Exception {
    CompletableFuture<Status> ended = new CompletableFuture<>();
    AtomicLong receipts = new AtomicLong();
    AtomicReference<String> lastId = new AtomicReference<>();
    ContactGrpc.newStub(channel).withDeadlineAfter(timeLimitSeconds, TimeUnit.SECONDS)
        .submitTasks(new ClientResponseObserver<TaskRequest, TaskReceipt>() {
          private ClientCallStreamObserver<TaskRequest> requests;
          private int sent;
          private boolean halfClosed;

          @Override
          public void beforeStart(ClientCallStreamObserver<TaskRequest> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> {
              while (sent < count && requests.isReady()) {
                requests.onNext(TaskRequest.newBuilder().setTask("task " + sent++).build());
              }
              if (sent == count && !halfClosed) {
                halfClosed = true;
                requests.onCompleted();
              }
            });
          }

          @Override
          public void onNext(TaskReceipt receipt) {
            if (receipts.incrementAndGet() == count) {
              lastId.set(receipt.getTaskId());
            }
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    Status status = ended.get(timeLimitSeconds + 5, TimeUnit.SECONDS);
    if (!status.isOk() || receipts.get() != count) {
      throw new IllegalStateException("submitTasks failed: " + status + ", " + receipts.get()
          + " of " + count + " receipts");
    }
    return lastId.get();
  }

  /**
   * Pipelined unary calls, up to submitWindow in flight: one submitTask per task, or one
   * submitTaskBatch per batchSize tasks. Returns the last id.
   */
  private String submitPipelined(ManagedChannel channel, int count, boolean batched)
      throws Exception {
    ContactGrpc.ContactStub stub = ContactGrpc.newStub(channel);
    int inFlight = submitWindow > 0 ? submitWindow : batched ? 4 : 512;
    Semaphore window = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<String> lastId = new AtomicReference<>();
    int perCall = batched ? batchSize : 1;
    for (int first = 0; first < count && failure.get() == null; first += perCall) {
      window.acquire();
      int size = Math.min(perCall, count - first);
      boolean last = first + size == count;
      ContactGrpc.ContactStub call = stub.withDeadlineAfter(timeLimitSeconds, TimeUnit.SECONDS);
      if (batched) {
        TaskBatch.Builder batch = TaskBatch.newBuilder();
        for (int i = first; i < first + size; i++) {
          batch.addTasks("task " + i);
        }
        call.submitTaskBatch(batch.build(), new WindowedReply<>(window, failure, receipt -> {
          if (last) {
            lastId.set(receipt.getTaskIds(size - 1));
          }
        }));
      } else {
        call.submitTask(TaskRequest.newBuilder().setTask("task " + first).build(),
            new WindowedReply<>(window, failure, receipt -> {
              if (last) {
                lastId.set(receipt.getTaskId());
              }
            }));
      }
    }
    if (!window.tryAcquire(inFlight, timeLimitSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("submit calls did not finish in time");
    }
    if (failure.get() != null) {
      throw new IllegalStateException("submit failed: " + Status.fromThrowable(failure.get()));
    }
    return lastId.get();
  }

  /** A unary reply that frees its slot in the window of calls in flight, however it ends. */
  private record WindowedReply<T>(Semaphore window, AtomicReference<Throwable> failure,
      Consumer<T> onReply) implements StreamObserver<T> {
    @Override
    public void onNext(T reply) {
      onReply.accept(reply);
    }

    @Override
    public void onError(Throwable t) {
      failure.compareAndSet(null, t);
      window.release();
    }

    @Override
    public void onCompleted() {
      window.release();
    }
  }

  /** One sendStatus stream: send while ready, count and check every reply. */
  private double chatRound(int count) throws Exception {
    ManagedChannel channel = channel();
    try {
      CompletableFuture<Status> ended = new CompletableFuture<>();
      AtomicLong replies = new AtomicLong();
      AtomicReference<String> mismatch = new AtomicReference<>();
      long start = System.nanoTime();
      ContactGrpc.newStub(channel).withDeadlineAfter(timeLimitSeconds, TimeUnit.SECONDS)
          .sendStatus(new ClientResponseObserver<ClientMsg, Result>() {
            private ClientCallStreamObserver<ClientMsg> requests;
            private int sent;
            private boolean halfClosed;

            @Override
            public void beforeStart(ClientCallStreamObserver<ClientMsg> requestStream) {
              requests = requestStream;
              // Send only while the transport takes more: flow control, no unbounded buffering.
              requestStream.setOnReadyHandler(() -> {
                while (sent < count && requests.isReady()) {
                  requests.onNext(ClientMsg.newBuilder().setMsg(Integer.toString(sent++)).build());
                }
                if (sent == count && !halfClosed) {
                  halfClosed = true;
                  requests.onCompleted();
                }
              });
            }

            @Override
            public void onNext(Result reply) {
              long index = replies.getAndIncrement();
              String expected = "server received: " + index;
              if (!expected.equals(reply.getRet()) && mismatch.get() == null) {
                mismatch.set("reply " + index + " was '" + reply.getRet() + "'");
              }
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              ended.complete(Status.OK);
            }
          });
      Status status = ended.get(timeLimitSeconds + 5, TimeUnit.SECONDS);
      long end = System.nanoTime();
      if (!status.isOk() || replies.get() != count || mismatch.get() != null) {
        throw new IllegalStateException("sendStatus round failed: " + status + ", " + replies.get()
            + " replies" + (mismatch.get() == null ? "" : ", " + mismatch.get()));
      }
      double seconds = (end - start) / 1e9;
      System.out.printf(Locale.ROOT, "sendStatus: %d messages in %.2f s = %.0f msgs/s, all replies exact%n",
          count, seconds, count / seconds);
      return count / seconds;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
