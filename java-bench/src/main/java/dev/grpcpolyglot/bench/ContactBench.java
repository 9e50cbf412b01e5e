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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Contact throughput over a real connection (run by scripts/bench contact against the server jar):
 * tasks per second end to end (submitTaskBatch calls, or with --submit stream one submitTasks
 * stream, or with --submit unary one submitTask call per task -> a worker's getTask ->
 * tellResult, until the server has every result), the delay from a submit to its delivery, and
 * sendStatus messages per second on one stream. With several targets (replicas sharing one
 * queue) each replica gets its share of the submits and of the workers, and the delay is
 * measured from the first replica to a worker on the last one. Every phase is bounded in count
 * and time; a warm-up round (a fifth of the size) runs first and is not reported.
 */
@Command(name = "contact-bench", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Measures Contact tasks/s (4 workers), submit-to-delivery delay and sendStatus"
        + " msgs/s on one stream.")
final class ContactBench implements java.util.concurrent.Callable<Integer> {
  @Option(names = "--target", required = true, split = ",", paramLabel = "HOST:PORT",
      description = "The server, or several replicas sharing one queue (comma-separated).")
  List<String> targets;
  @Option(names = "--tasks", defaultValue = "200000", description = "Tasks in the measured round.")
  int tasks;
  @Option(names = "--workers", defaultValue = "4",
      description = "Workers in all, dealt round-robin over the targets.")
  int workers;
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
  @Option(names = "--server-pid", defaultValue = "0", split = ",",
      description = "The server's process ids (Linux): also report their CPU time per item.")
  List<Long> serverPids;
  @Option(names = "--latency-tasks", defaultValue = "1000",
      description = "Tasks submitted one at a time in the measured latency round.")
  int latencyTasks;
  @Option(names = "--phases", defaultValue = "tasks,drain,latency,chat", split = ",",
      description = "Which measurements to run: tasks (end to end), drain (workers emptying a"
          + " full queue), latency (submit on the first target to delivery on the last),"
          + " chat (sendStatus).")
  List<String> phases;

  enum SubmitMode { stream, unary, batch }

  @Override
  public Integer call() throws Exception {
    System.out.printf(Locale.ROOT,
        "contact-bench: target %s, %d workers, %d tasks (submit: %s), %d messages%n",
        String.join(",", targets), workers, tasks, submitMode, messages);
    String spread = targets.size() == 1 ? ""
        : String.format(Locale.ROOT, " over %d replicas", targets.size());
    if (phases.contains("tasks")) {
      taskRound(Math.max(1, tasks / 5), false);
      CpuMeter cpu = serverCpu();
      double tasksPerSecond = taskRound(tasks, false);
      System.out.printf(Locale.ROOT, "RESULT tasks/s end to end (%d workers%s): %.0f%s%n", workers,
          spread, tasksPerSecond, cpu.perItem(tasks, "task"));
    }
    if (phases.contains("drain")) {
      taskRound(Math.max(1, tasks / 5), true);
      CpuMeter cpu = serverCpu();
      double tasksPerSecond = taskRound(tasks, true);
      System.out.printf(Locale.ROOT, "RESULT tasks/s from a full queue (%d workers%s): %.0f%s%n",
          workers, spread, tasksPerSecond, cpu.perItem(tasks, "task"));
    }
    if (phases.contains("latency")) {
      latencyRound(Math.max(1, latencyTasks / 5), false);
      latencyRound(latencyTasks, true);
    }
    if (phases.contains("chat")) {
      chatRound(chatWarmup >= 0 ? chatWarmup : Math.max(1, messages / 5));
      CpuMeter cpu = serverCpu();
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
  private static ManagedChannel channel(String target) {
    return NettyChannelBuilder.forTarget(target).usePlaintext().directExecutor().disableRetry()
        .build();
  }

  private CpuMeter serverCpu() {
    return CpuMeter.start(serverPids.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * With {@code preload}, the tasks are queued first and only the workers are timed (the
   * queue's delivery rate: getTask -> tellResult -> ack); without, submitting is timed too.
   * Each target gets its share of the tasks (submitted at the same time) and of the workers.
   */
  private double taskRound(int count, boolean preload) throws Exception {
    List<ManagedChannel> channels = new ArrayList<>();
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicLong done = new AtomicLong();
    CountDownLatch allDone = new CountDownLatch(1);
    try {
      List<Future<Long>> running = new ArrayList<>();
      List<ManagedChannel> producers = new ArrayList<>();
      for (String target : targets) {
        producers.add(channel(target));
      }
      channels.addAll(producers);
      List<String> lastIds = null;
      if (preload) {
        lastIds = submitShares(producers, count, threads); // not timed: the queue is full first
      }
      long start = System.nanoTime();
      for (int i = 0; i < workers; i++) {
        ManagedChannel channel = channel(targets.get(i % targets.size()));
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
        lastIds = submitShares(producers, count, threads);
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
      List<TaskState> last = new ArrayList<>();
      for (int i = 0; i < lastIds.size(); i++) {
        last.add(ContactGrpc.newBlockingStub(producers.get(i))
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .getTaskStatus(TaskStatusRequest.newBuilder().setTaskId(lastIds.get(i)).build())
            .getState());
      }
      String lastShown = last.size() == 1 ? last.get(0).toString() : last.toString();
      double seconds = (end - start) / 1e9;
      if (preload) {
        System.out.printf(Locale.ROOT,
            "tasks: %d queued ones done in %.2f s = %.0f tasks/s by the workers; last task %s%n",
            count, seconds, count / seconds, lastShown);
      } else {
        System.out.printf(Locale.ROOT,
            "tasks: %d in %.2f s = %.0f tasks/s end to end (submitting alone %.0f/s); last task %s%n",
            count, seconds, count / seconds, count / ((submitted - start) / 1e9), lastShown);
      }
      if (last.stream().anyMatch(state -> state != TaskState.TASK_STATE_DONE)) {
        throw new IllegalStateException("last task not done: " + lastShown);
      }
      return count / seconds;
    } finally {
      threads.shutdownNow();
      for (ManagedChannel channel : channels) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Submits {@code count} tasks split evenly over the producers' targets, all at once, each
   * share the chosen way; returns each share's last id, in the producers' order.
   */
  private List<String> submitShares(List<ManagedChannel> producers, int count,
      ExecutorService threads) throws Exception {
    List<Future<String>> shares = new ArrayList<>();
    for (int i = 0; i < producers.size(); i++) {
      ManagedChannel producer = producers.get(i);
      int share = count / producers.size() + (i < count % producers.size() ? 1 : 0);
      if (share > 0) {
        shares.add(threads.submit(() -> submitAll(producer, share)));
      }
    }
    List<String> lastIds = new ArrayList<>();
    for (Future<String> share : shares) {
      lastIds.add(share.get(timeLimitSeconds + 10L, TimeUnit.SECONDS));
    }
    return lastIds;
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

  /** A task as the latency worker received it. */
  private record Arrival(String text, long nanos) {}

  /**
   * Submit-to-delivery delay: one worker connected to the last target, submitTask calls on the
   * first, one task at a time; the time from sending the submit to the worker receiving that
   * task. The time until the submit is answered (its commit) is shown beside it. Bounded by
   * {@code count} tasks and --time-limit; a probe task first makes sure the worker is listening.
   */
  private void latencyRound(int count, boolean report) throws Exception {
    ManagedChannel producer = channel(targets.get(0));
    ManagedChannel consumer = channel(targets.get(targets.size() - 1));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    try {
      ContactWorker worker = new ContactWorker(consumer, task -> {
        arrivals.add(new Arrival(task.getTask(), System.nanoTime()));
        return "ok";
      }, 0, Duration.ofMillis(50), Duration.ofSeconds(1), new ContactWorker.Events() {
        @Override
        public void taskDone(ServerMsg task, String result) {}

        @Override
        public void disconnected(Status status, Duration retryIn) {
          System.err.println("latency worker disconnected: " + status);
        }
      });
      Future<Long> running = thread.submit(worker::run);
      ContactGrpc.ContactBlockingStub stub = ContactGrpc.newBlockingStub(producer);
      long roundStart = System.nanoTime();
      long deadline = roundStart + TimeUnit.SECONDS.toNanos(timeLimitSeconds);
      String round = Long.toHexString(roundStart);
      long[] delivered = new long[count];
      long[] answered = new long[count];
      long[] startedAt = new long[count];
      int measured = -1; // -1: the probe
      while (measured < count && System.nanoTime() < deadline) {
        String text = "latency " + round + " " + measured;
        long sent = System.nanoTime();
        stub.withDeadlineAfter(10, TimeUnit.SECONDS)
            .submitTask(TaskRequest.newBuilder().setTask(text).build());
        long answer = System.nanoTime() - sent;
        Arrival arrival;
        do { // anything else is left over from an earlier round
          arrival = arrivals.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } while (arrival != null && !arrival.text().equals(text));
        if (arrival == null) {
          break; // out of time
        }
        if (measured >= 0) {
          delivered[measured] = arrival.nanos() - sent;
          answered[measured] = answer;
          startedAt[measured] = sent - roundStart;
        }
        measured++;
      }
      running.cancel(true);
      if (measured <= 0) {
        throw new IllegalStateException("no task delivered in " + timeLimitSeconds + " s");
      }
      if (report) {
        printLatency(Arrays.copyOf(delivered, measured), Arrays.copyOf(answered, measured),
            Arrays.copyOf(startedAt, measured), count);
      }
    } finally {
      thread.shutdownNow();
      thread.awaitTermination(15, TimeUnit.SECONDS);
      producer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      consumer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void printLatency(long[] delivered, long[] answered, long[] startedAt, int asked) {
    int n = delivered.length;
    String where = targets.size() == 1 ? "same server, submit and worker on one replica"
        : "cross-replica, submit on the first replica, worker on the last";
    String count = n == asked ? n + " tasks" : n + " of " + asked + " tasks in the time limit";
    System.out.printf(Locale.ROOT, "RESULT delivery ms (%s; %s one at a time): %s%n", where, count,
        percentiles(delivered));
    System.out.printf(Locale.ROOT, "latency: submitTask on %s answered after (ms) %s%n",
        targets.get(0), percentiles(answered));
    // When the slowest deliveries happened: ties them to periodic work (pruning, checkpoints).
    Integer[] slowest = new Integer[n];
    for (int i = 0; i < n; i++) {
      slowest[i] = i;
    }
    Arrays.sort(slowest, (x, y) -> Long.compare(delivered[y], delivered[x]));
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < Math.min(5, n); i++) {
      shown.append(String.format(Locale.ROOT, "%s%.1f ms at %.2f s", i == 0 ? "" : ", ",
          delivered[slowest[i]] / 1e6, startedAt[slowest[i]] / 1e9));
    }
    System.out.println("latency: slowest deliveries (time into the round): " + shown);
  }

  /** "p50 1.23 p90 ... p99 ... max ..." in milliseconds (nearest-rank percentiles). */
  private static String percentiles(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    StringBuilder text = new StringBuilder();
    for (int q : new int[] {50, 90, 99}) {
      int rank = (int) Math.ceil(q / 100.0 * sorted.length);
      text.append(String.format(Locale.ROOT, "p%d %.2f ", q, sorted[Math.max(0, rank - 1)] / 1e6));
    }
    return text.append(String.format(Locale.ROOT, "max %.2f", sorted[sorted.length - 1] / 1e6))
        .toString();
  }

  /** One sendStatus stream: send while ready, count and check every reply. */
  private double chatRound(int count) throws Exception {
    ManagedChannel channel = channel(targets.get(0));
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
