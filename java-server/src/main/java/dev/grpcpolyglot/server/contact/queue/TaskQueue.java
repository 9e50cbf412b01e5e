package dev.grpcpolyglot.server.contact.queue;

import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;

/**
 * An in-memory, at-least-once work queue between producers and workers; no gRPC types inside.
 *
 * <p>Each task is handed to one worker at a time, round-robin among the workers that have room
 * in their window ({@code maxInFlight} unacknowledged tasks) and whose sink is ready. A task is
 * done when any result names its id ({@link #acknowledge}); the first result is kept, later ones
 * are ignored. When a worker ends ({@link Worker#end}) its unacknowledged tasks go back to the
 * FRONT of the queue, in their original order, for the next worker: at least once, never lost
 * while the process lives (the queue is not persisted).
 *
 * <p>Memory: one compact record per task, shared by the queue, the id index and the worker that
 * holds it (no per-worker copies); a worker holds at most {@code maxInFlight} of them. Waiting
 * tasks are capped by {@code maxQueued}, finished ones by {@code retainDone}, results without a
 * known id by {@code retainLooseResults}.
 *
 * <p>Threading: one monitor ({@code this}) guards every field below and every worker's
 * bookkeeping; critical sections only move records between collections. Sinks are called outside
 * the monitor, from each worker's drain loop ({@link Worker#drain}), which runs on whichever
 * thread handed it work and lets only one thread at a time talk to one sink. So a slow or
 * re-entrant sink never blocks or corrupts the queue, and there is one lock to reason about.
 */
public final class TaskQueue {
  private final int maxInFlight;
  private final int maxQueued;
  private final int retainDone;
  private final int retainLooseResults;
  /** Told (under the lock) each finished task that retention forgets, so a store can prune it. */
  private final LongConsumer forgotten;

  // All guarded by this.
  /** Waiting tasks, next first. May hold stale entries (acknowledged while queued); see poll. */
  private final ArrayDeque<Task> pending = new ArrayDeque<>();
  /** Every task still known: queued, in flight, or among the last retainDone finished. */
  private final Map<Long, Task> byId = new HashMap<>();
  /** Finished tasks still queryable, oldest first. */
  private final ArrayDeque<Task> done = new ArrayDeque<>();
  private final ArrayDeque<String> looseResults = new ArrayDeque<>();
  private final List<Worker> workers = new ArrayList<>();
  /** Index in workers of the next one to consider (round-robin). */
  private int cursor;
  private long nextId;
  private int queued;
  /** Room taken by submits whose tasks are being stored ({@link #reserve}), not yet admitted. */
  private int reserved;
  private int inFlight;
  private long looseResultCount;
  /** Tasks put back in the queue because their worker went away unacknowledged, ever. */
  private long redeliveries;
  private boolean closed;

  public TaskQueue(int maxInFlight, int maxQueued, int retainDone, int retainLooseResults) {
    this(maxInFlight, maxQueued, retainDone, retainLooseResults, 1, id -> { });
  }

  /**
   * A queue whose first id is {@code firstId} (a durable store passes the next id it has never
   * issued) and that tells {@code forgotten} each finished task retention drops.
   */
  public TaskQueue(int maxInFlight, int maxQueued, int retainDone, int retainLooseResults,
      long firstId, LongConsumer forgotten) {
    if (maxInFlight < 1 || maxQueued < 1 || retainDone < 0 || retainLooseResults < 0) {
      throw new IllegalArgumentException("bad task queue limits");
    }
    this.maxInFlight = maxInFlight;
    this.maxQueued = maxQueued;
    this.retainDone = retainDone;
    this.retainLooseResults = retainLooseResults;
    this.nextId = firstId;
    this.forgotten = forgotten;
  }

  public TaskQueue(QueueLimits limits) {
    this(limits.maxInFlight(), limits.maxQueued(), limits.retainDone(), limits.retainLooseResults());
  }

  /**
   * Queues a task and returns its id.
   *
   * @throws ProblemException INVALID_ARGUMENT for an empty task, RESOURCE_EXHAUSTED when
   *     {@code maxQueued} tasks already wait, UNAVAILABLE once the queue is shut down
   */
  public String submit(String text) {
    TaskChecks.checkTask(text);
    return TaskIds.format(queueAll(List.of(text)));
  }

  /**
   * Queues every task of {@code texts}, all or none, and returns their ids in order.
   *
   * @throws ProblemException INVALID_ARGUMENT naming the first empty task's index,
   *     RESOURCE_EXHAUSTED when the batch does not fit in the room left under {@code maxQueued},
   *     UNAVAILABLE once the queue is shut down; in every case no task of the batch was queued
   */
  public List<String> submitAll(List<String> texts) {
    TaskChecks.checkBatch(texts);
    if (texts.isEmpty()) {
      return List.of();
    }
    return TaskIds.formatAll(queueAll(texts), texts.size());
  }

  /** Queues non-empty tasks under one lock, all or none; returns the first id (ids are consecutive). */
  private long queueAll(List<String> texts) {
    List<Worker> touched = new ArrayList<>(Math.min(texts.size(), 4));
    long first;
    synchronized (this) {
      first = reserveLocked(texts.size());
      admitLocked(first, texts, touched);
    }
    drainAll(touched);
    return first;
  }

  /**
   * First step of a durable submit: takes room for {@code count} tasks and issues their ids
   * (consecutive, returned: the first) without queuing them yet. The caller stores the tasks, then
   * calls {@link #admit} (stored) or {@link #release} (not stored).
   *
   * @throws ProblemException RESOURCE_EXHAUSTED or UNAVAILABLE, as {@link #submitAll}
   */
  public synchronized long reserve(int count) {
    return reserveLocked(count);
  }

  /** Queues tasks reserved by {@link #reserve} and now stored; even after shutdown (they are kept). */
  public void admit(long first, List<String> texts) {
    List<Worker> touched = new ArrayList<>(Math.min(texts.size(), 4));
    synchronized (this) {
      admitLocked(first, texts, touched);
    }
    drainAll(touched);
  }

  /** Gives back room reserved for {@code count} tasks that were not stored; their ids stay unused. */
  public synchronized void release(int count) {
    reserved -= count;
  }

  private long reserveLocked(int count) {
    if (closed) {
      throw new ProblemException(Problem.UNAVAILABLE,
          "the task queue is shutting down; submit the task to another server");
    }
    int waiting = queued + reserved;
    if (count > maxQueued - waiting) {
      throw new ProblemException(Problem.RESOURCE_EXHAUSTED, "task queue is full: " + waiting
          + " tasks waiting (limit --contact-max-queued " + maxQueued + ")"
          + (count > 1 ? ", no room for a batch of " + count : ""))
          .because("QUEUE_FULL").retryAfter(TaskStore.QUEUE_FULL_RETRY);
    }
    long first = nextId;
    nextId += count;
    reserved += count;
    return first;
  }

  private void admitLocked(long first, List<String> texts, List<Worker> touched) {
    long id = first;
    for (String text : texts) {
      Task task = new Task(id++, text);
      byId.put(task.id, task);
      pending.addLast(task);
    }
    reserved -= texts.size();
    queued += texts.size();
    dispatchLocked(touched);
  }

  /** Puts back a stored task at start-up, before any worker registers: QUEUED. */
  public synchronized void restoreQueued(long id, String text, int deliveries) {
    Task task = new Task(id, text);
    task.deliveries = deliveries;
    byId.put(id, task);
    pending.addLast(task);
    queued++;
  }

  /** Puts back a stored finished task at start-up, oldest first. */
  public synchronized void restoreDone(long id, String text, String result, int deliveries) {
    Task task = new Task(id, text);
    task.deliveries = deliveries;
    task.state = TaskState.DONE;
    task.result = result;
    byId.put(id, task);
    done.addLast(task);
  }

  /**
   * Registers a worker: from now on tasks flow to {@code sink} whenever it has room and is ready.
   * The caller must call {@link Worker#end} when the worker's stream ends, whatever the reason.
   *
   * @throws ProblemException UNAVAILABLE once the queue is shut down
   */
  public Worker register(TaskSink sink) {
    Worker worker = new Worker(sink);
    List<Worker> touched = new ArrayList<>(1);
    synchronized (this) {
      if (closed) {
        throw new ProblemException(Problem.UNAVAILABLE,
            "the task queue is shutting down; connect to another server");
      }
      workers.add(worker);
      dispatchLocked(touched);
    }
    drainAll(touched);
    return worker;
  }

  /**
   * Records a result for {@code taskId}: the task becomes DONE (wherever it was: in flight at any
   * worker, or back in the queue after a redelivery) and its worker's window frees up. A second
   * result for the same task is ignored. An id the queue does not know (never issued, malformed,
   * or forgotten after retention) acknowledges nothing and the result is kept as a loose one.
   */
  public Ack acknowledge(String taskId, String result) {
    Long id = TaskIds.parse(taskId);
    List<Worker> touched = new ArrayList<>(1);
    synchronized (this) {
      Task task = id == null ? null : byId.get(id);
      if (task == null) {
        keepLooseLocked(result);
        return Ack.UNKNOWN_ID;
      }
      if (task.state == TaskState.DONE) {
        return Ack.REPEAT;
      }
      finishLocked(task, result, touched);
    }
    drainAll(touched);
    return Ack.FIRST;
  }

  /** What {@link #claimAck} found: how the result counts and, when FIRST, the task's deliveries. */
  public record AckClaim(Ack ack, long id, int deliveries) {}

  /**
   * First step of a durable acknowledgement: a result for a task neither done nor being
   * acknowledged claims it (FIRST; later results are REPEAT from now on); the caller stores the
   * result, then calls {@link #finishAck} (stored) or {@link #abandonAck} (not stored). An
   * unknown id is kept as a loose result, as {@link #acknowledge} does.
   *
   * <p>The claimed task leaves its worker's window (or the queue) at once and shows IN_FLIGHT,
   * held by nobody, until stored: the worker gets its next task while the result is committed,
   * so its throughput is not bound by commit latency over its in-flight window.
   */
  public AckClaim claimAck(String taskId, String result) {
    Long id = TaskIds.parse(taskId);
    List<Worker> touched = new ArrayList<>(1);
    AckClaim claim;
    synchronized (this) {
      Task task = id == null ? null : byId.get(id);
      if (task == null) {
        keepLooseLocked(result);
        return new AckClaim(Ack.UNKNOWN_ID, 0, 0);
      }
      if (task.state == TaskState.DONE || task.acking) {
        return new AckClaim(Ack.REPEAT, id, task.deliveries);
      }
      task.acking = true;
      releaseLocked(task);
      task.state = TaskState.IN_FLIGHT;
      claim = new AckClaim(Ack.FIRST, id, task.deliveries);
      dispatchLocked(touched);
    }
    drainAll(touched);
    return claim;
  }

  /** The claimed result is stored: the task is DONE now. */
  public synchronized void finishAck(long id, String result) {
    // Never null: a task being acknowledged is not DONE, so retention cannot have dropped it.
    markDoneLocked(byId.get(id), result);
  }

  /** The claimed result could not be stored: the task goes back to the front of the queue. */
  public void abandonAck(long id) {
    List<Worker> touched = new ArrayList<>(1);
    synchronized (this) {
      Task task = byId.get(id);
      task.acking = false;
      task.state = TaskState.QUEUED;
      queued++;
      pending.addFirst(task);
      dispatchLocked(touched);
    }
    drainAll(touched);
  }

  private void finishLocked(Task task, String result, List<Worker> touched) {
    releaseLocked(task);
    markDoneLocked(task, result);
    dispatchLocked(touched);
  }

  /** Takes a task out of its worker's window, or out of the queue's count. */
  private void releaseLocked(Task task) {
    if (task.state == TaskState.IN_FLIGHT) {
      task.owner.held.remove(task);
      task.owner = null;
      inFlight--;
    } else {
      // QUEUED after a redelivery: leave the record in pending; poll skips it once not QUEUED.
      queued--;
    }
  }

  /** Records the result of a task no worker or queue holds any more, and applies retention. */
  private void markDoneLocked(Task task, String result) {
    task.state = TaskState.DONE;
    task.acking = false;
    task.result = result;
    done.addLast(task);
    while (done.size() > retainDone) {
      long dropped = done.pollFirst().id;
      byId.remove(dropped);
      forgotten.accept(dropped);
    }
  }

  /** Keeps a result that names no task (bounded: the newest {@code retainLooseResults}). */
  public synchronized void keepLooseResult(String result) {
    keepLooseLocked(result);
  }

  /**
   * The task's current state.
   *
   * @throws ProblemException NOT_FOUND for an id never issued or a finished task already forgotten
   */
  public TaskView status(String taskId) {
    Long id = TaskIds.parse(taskId);
    synchronized (this) {
      Task task = id == null ? null : byId.get(id);
      if (task == null) {
        // The id is echoed cut short: it is caller input and may be arbitrarily long.
        String shown = taskId.length() <= 40 ? taskId : taskId.substring(0, 40) + "...";
        throw new ProblemException(Problem.NOT_FOUND, "no task with id '" + shown
            + "' (never issued, or finished and forgotten: the last " + retainDone
            + " finished tasks are kept)").at("task_id").because("TASK_NOT_FOUND");
      }
      return new TaskView(TaskIds.format(task.id), task.text, task.state,
          task.result == null ? "" : task.result, task.deliveries);
    }
  }

  /**
   * Stops handing out tasks: every worker's unacknowledged tasks go back to the queue and its
   * sink is closed with {@code reason}; later submits and registrations fail with UNAVAILABLE.
   * Results are still taken. Idempotent.
   */
  public void shutdown(RuntimeException reason) {
    List<Worker> ended;
    synchronized (this) {
      closed = true;
      ended = new ArrayList<>(workers);
      for (Worker worker : ended) {
        detachLocked(worker, reason);
      }
    }
    drainAll(ended);
  }

  public synchronized QueueStats stats() {
    return new QueueStats(queued, inFlight, workers.size(), done.size(), looseResultCount);
  }

  /** How many tasks went back to the queue after their worker ended without acknowledging. */
  public synchronized long redeliveries() {
    return redeliveries;
  }

  /** The loose results still kept, oldest first. */
  public synchronized List<String> looseResults() {
    return List.copyOf(looseResults);
  }

  private void keepLooseLocked(String result) {
    looseResultCount++;
    if (retainLooseResults == 0) {
      return;
    }
    if (looseResults.size() == retainLooseResults) {
      looseResults.pollFirst();
    }
    looseResults.addLast(result);
  }

  /**
   * Hands waiting tasks to workers with room, one task per eligible worker in turn, until either
   * runs out. Adds every worker that got a task to {@code touched}, for draining after the lock.
   */
  private void dispatchLocked(List<Worker> touched) {
    while (!closed && queued > 0) {
      Worker worker = nextWorkerWithRoomLocked();
      if (worker == null) {
        return;
      }
      Task task = pollQueuedLocked();
      task.state = TaskState.IN_FLIGHT;
      task.owner = worker;
      task.deliveries++;
      queued--;
      inFlight++;
      worker.held.add(task);
      worker.outbox.add(task);
      if (!touched.contains(worker)) {
        touched.add(worker);
      }
    }
  }

  /** Round-robin from the cursor: the first worker with window left and a ready sink. */
  private Worker nextWorkerWithRoomLocked() {
    int count = workers.size();
    for (int i = 0; i < count; i++) {
      int index = (cursor + i) % count;
      Worker worker = workers.get(index);
      // isReady is a cheap, thread-safe flag read on the transport; calling it here keeps the
      // decision and the bookkeeping in one critical section.
      if (worker.held.size() < maxInFlight && worker.sink.isReady()) {
        cursor = (index + 1) % count;
        return worker;
      }
    }
    return null;
  }

  /** The next waiting task; skips records acknowledged while they waited. Needs queued > 0. */
  private Task pollQueuedLocked() {
    Task task;
    do {
      task = pending.pollFirst();
    } while (task.state != TaskState.QUEUED);
    return task;
  }

  /**
   * Removes a worker and puts its unacknowledged tasks back at the front, oldest first. With a
   * {@code reason}, its sink will be closed with it (server-side end); without, the stream is
   * already gone (cancelled) and the sink is only left alone.
   */
  private void detachLocked(Worker worker, RuntimeException reason) {
    if (worker.detached) {
      return;
    }
    worker.detached = true;
    int index = workers.indexOf(worker);
    workers.remove(index);
    if (index < cursor) {
      cursor--;
    }
    if (cursor >= workers.size()) {
      cursor = 0;
    }
    List<Task> held = worker.held;
    for (int i = held.size() - 1; i >= 0; i--) {
      Task task = held.get(i);
      task.state = TaskState.QUEUED;
      task.owner = null;
      inFlight--;
      queued++;
      pending.addFirst(task);
      redeliveries++;
    }
    held.clear();
    // closeReason before ended: the drain loop reads ended (volatile) and then closeReason.
    worker.closeReason = reason;
    worker.ended = true;
  }

  private void drainAll(List<Worker> touched) {
    for (Worker worker : touched) {
      worker.drain();
    }
  }

  /** A task record, shared by the queue, the id index and the worker holding it. */
  private static final class Task {
    final long id;
    final String text;
    // Guarded by the queue's monitor.
    TaskState state = TaskState.QUEUED;
    int deliveries;
    String result;
    Worker owner;
    /** A result for it is being stored ({@link #claimAck}); further results are repeats. */
    boolean acking;

    Task(long id, String text) {
      this.id = id;
      this.text = text;
    }
  }

  /**
   * One registered worker. Tasks assigned under the queue's lock go to its outbox; the drain loop
   * then sends them to the sink outside the lock, one thread at a time (the classic
   * work-in-progress counter: whoever raises it from 0 drains, others just leave a note).
   */
  public final class Worker implements TaskStore.WorkerSlot {
    private final TaskSink sink;
    /** Guarded by the queue: this worker's unacknowledged tasks, in the order they were sent. */
    private final List<Task> held = new ArrayList<>();
    /** Guarded by the queue. */
    private boolean detached;
    /** Assigned, not yet sent; at most maxInFlight entries since each is also in held. */
    private final ConcurrentLinkedQueue<Task> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean ended;
    private volatile RuntimeException closeReason;
    /** Confined to the drain loop. */
    private boolean sinkClosed;

    private Worker(TaskSink sink) {
      this.sink = sink;
    }

    /** The sink may have become ready again (transport drained): hand it what fits. */
    @Override
    public void onReady() {
      List<Worker> touched = new ArrayList<>(1);
      synchronized (TaskQueue.this) {
        dispatchLocked(touched);
      }
      drainAll(touched);
    }

    /**
     * The worker's stream is over (client cancel, disconnect, deadline, or a server-side error
     * already reported to the client): its unacknowledged tasks go back to the front of the
     * queue for the next worker. Idempotent; the sink is not called again.
     */
    @Override
    public void end() {
      List<Worker> touched = new ArrayList<>(2);
      synchronized (TaskQueue.this) {
        detachLocked(this, null);
        dispatchLocked(touched);
      }
      touched.add(this);
      drainAll(touched);
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        Task task;
        while (!ended && (task = outbox.poll()) != null) {
          sendOrFail(task);
        }
        if (ended) {
          // Anything still in the outbox was requeued by detachLocked; drop our references.
          outbox.clear();
          RuntimeException reason = closeReason;
          if (reason != null && !sinkClosed) {
            sinkClosed = true;
            closeQuietly(reason);
          }
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void sendOrFail(Task task) {
      try {
        sink.send(TaskIds.format(task.id), task.text);
      } catch (RuntimeException e) {
        // The stream is broken on our side: end the worker with that failure (its sink is closed
        // with it by this same drain loop) and give its tasks to the others.
        List<Worker> touched = new ArrayList<>(1);
        synchronized (TaskQueue.this) {
          detachLocked(this, e);
          dispatchLocked(touched);
        }
        drainAll(touched);
      }
    }

    private void closeQuietly(RuntimeException reason) {
      try {
        sink.close(reason);
      } catch (RuntimeException e) {
        // The stream may already be gone (cancelled at the same instant); nothing left to tell.
      }
    }
  }
}
