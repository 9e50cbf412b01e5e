package dev.grpcpolyglot.server.contact.store.postgres;

import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.TaskIds;
import dev.grpcpolyglot.server.contact.queue.TaskSink;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.contact.store.DaemonThreads;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * This replica's side of the shared PostgreSQL queue: its own connected workers, the tasks it
 * claimed for them, and their leases.
 *
 * <p>One dispatcher thread does everything that touches workers or claims, so there is no lock
 * to reason about: it claims tasks for each worker with room in its window and a ready stream
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}, so replicas never claim the same task), sends
 * them, renews the leases of what this replica holds every third of the lease, and returns the
 * tasks of ended workers to QUEUED at once ({@link PostgresPruner} does retention). Other
 * threads only leave a note and wake it: a stream became ready or ended, a task was
 * acknowledged, or the database said NOTIFY (a task was submitted or returned on any replica,
 * heard by a listener thread on its own connection). It also wakes every poll period as a
 * fallback, which is how tasks whose lease expired (a dead replica's) are found.
 *
 * <p>It also decides whether the database is available: after any failure (its own, the
 * writer's, the listener's lost connection) and after a few quiet seconds it probes with a
 * connection of its own, and nothing else runs until a probe succeeds. The store fails submits
 * at once and Contact's health is NOT_SERVING while the last probe failed.
 */
final class PostgresDispatcher {
  /** The channel NOTIFY'd when a task is queued (submitted or put back), on any replica. */
  static final String CHANNEL = "contact_task";
  /** Tasks put back by returnEnded, for the redeliveries metric (this replica's share). */
  private final AtomicLong returned = new AtomicLong();

  private static final Logger logger = Logger.getLogger(PostgresDispatcher.class.getName());
  /** Without a commit for this long, a probe checks that the database still answers. */
  private static final long QUIET_PROBE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final DataSource pool;
  private final String url;
  private final QueueLimits config;
  private final String replicaId = UUID.randomUUID().toString();
  private final long leaseMillis;
  private final long pollMillis;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  /** Which worker holds each task this replica claimed (acks from the writer look it up). */
  private final Map<Long, Worker> holders = new ConcurrentHashMap<>();
  /** Tasks claimed ahead for this replica's workers, oldest first; see {@link #fill}. */
  private final ArrayDeque<Claimed> claimedAhead = new ArrayDeque<>();
  private final Object wake = new Object();
  private boolean woken;
  private final Thread loop = DaemonThreads.create(this::run, "contact-pg-dispatcher");
  private final Thread listener = DaemonThreads.create(this::listen, "contact-pg-listener");
  private volatile RuntimeException shutdownReason;
  private volatile boolean closed;
  private long nextRenew;
  private long lastFailureLog;
  private final StoreAvailability availability = new StoreAvailability();
  private final Properties probeSettings = new Properties();
  /** Something failed: probe before doing anything else. */
  private volatile boolean suspect;
  private volatile long lastAnswerNanos = System.nanoTime();

  PostgresDispatcher(DataSource pool, String url, QueueLimits config, Duration lease) {
    this.pool = pool;
    this.url = url;
    this.config = config;
    this.leaseMillis = lease.toMillis();
    this.pollMillis = Math.max(50, Math.min(1_000, leaseMillis / 4));
    // Seconds; the URL's own settings win over these.
    probeSettings.setProperty("connectTimeout", "2");
    probeSettings.setProperty("socketTimeout", "5");
  }

  void start() {
    loop.start();
    listener.start();
  }

  String replicaId() {
    return replicaId;
  }

  int workerCount() {
    return workers.size();
  }

  StoreAvailability availability() {
    return availability;
  }

  /** The database answered a commit. */
  void answered() {
    lastAnswerNanos = System.nanoTime();
  }

  /** A database call failed somewhere: probe it now. */
  void suspect() {
    suspect = true;
    wake();
  }

  TaskStore.WorkerSlot register(TaskSink sink) {
    Worker worker = new Worker(sink);
    workers.add(worker);
    wake();
    return worker;
  }

  /**
   * A result for {@code id} arrived: its worker's window frees up, its lease is not renewed, and
   * it is never put back (see {@link #returnTasks}). Waits while that worker's tasks are being
   * put back: a result arriving then counts as arriving after the put-back.
   */
  void acknowledged(long id) {
    Worker worker = holders.remove(id);
    if (worker != null) {
      synchronized (worker) {
        worker.held.remove(id);
      }
      wake();
    }
  }

  void shutdown(RuntimeException reason) {
    shutdownReason = reason;
    wake();
  }

  void close() {
    closed = true;
    loop.interrupt();
    listener.interrupt();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void wake() {
    synchronized (wake) {
      woken = true;
      wake.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      try {
        synchronized (wake) {
          if (!woken) {
            wake.wait(pollMillis);
          }
          woken = false;
        }
      } catch (InterruptedException e) {
        break;
      }
      endWorkersIfShuttingDown();
      if ((suspect || System.nanoTime() - lastAnswerNanos > QUIET_PROBE_NANOS) && !probe()) {
        continue; // nothing can be claimed, renewed or returned now; probe again next period
      }
      try {
        step();
      } catch (SQLException | RuntimeException e) {
        suspect = true;
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 10_000) {
          lastFailureLog = now;
          logger.warning("task database call failed in the dispatcher: " + e.getMessage());
        }
      }
    }
    // Closing: give back what our live workers hold, if the database still answers.
    try {
      for (Worker worker : workers) {
        worker.ended = true;
      }
      returnEnded();
    } catch (SQLException | RuntimeException e) {
      logger.fine("tasks left to their leases at close: " + e.getMessage());
    }
  }

  /** Whether the database answers a new connection; records the answer for the store. */
  private boolean probe() {
    try (Connection connection = DriverManager.getConnection(url, probeSettings);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    } catch (SQLException e) {
      if (availability.available()) {
        logger.warning("the task database does not answer (" + e.getMessage() + "); Contact"
            + " is NOT_SERVING and refuses submits until it does, probing every " + pollMillis
            + " ms");
      }
      availability.set(false);
      return false;
    }
    suspect = false;
    answered();
    if (!availability.available()) {
      logger.info("the task database answers again; Contact is SERVING");
    }
    availability.set(true);
    return true;
  }

  private void endWorkersIfShuttingDown() {
    RuntimeException reason = shutdownReason;
    if (reason != null) {
      for (Worker worker : workers) {
        if (!worker.ended) {
          worker.ended = true;
          worker.closeQuietly(reason);
        }
      }
    }
  }

  private void step() throws SQLException {
    returnEnded();
    long now = System.currentTimeMillis();
    if (now >= nextRenew) {
      nextRenew = now + Math.max(1, leaseMillis / 3);
      renewLeases();
    }
    if (shutdownReason == null) {
      fill();
    }
  }

  /** Tasks this replica put back because their worker left without acknowledging them. */
  long redeliveries() {
    return returned.get();
  }

  /**
   * A seam for tests, called on the dispatcher thread around putting back the tasks of a worker
   * that ended holding some: before, once the dispatcher has seen them; after, once they are
   * back. Lets a test deliver a result in between, deterministically.
   */
  interface ReturnHook {
    ReturnHook NONE = new ReturnHook() {};

    default void beforePutBack() {}

    default void afterPutBack() {}
  }

  private volatile ReturnHook returnHook = ReturnHook.NONE;

  void returnHook(ReturnHook hook) {
    returnHook = hook;
  }

  /** Puts the tasks of ended workers back to QUEUED and forgets the workers. */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // workers is copy-on-write: the loop walks a snapshot
  private void returnEnded() throws SQLException {
    boolean anyLive = false;
    for (Worker worker : workers) {
      if (!worker.ended) {
        anyLive = true;
        continue;
      }
      if (!worker.held.isEmpty()) {
        returnHook.beforePutBack();
        returnTasks(worker);
        returnHook.afterPutBack();
      }
      workers.remove(worker);
    }
    if (!anyLive && !claimedAhead.isEmpty()) {
      // Nobody here to send them to: other replicas' workers may take them now.
      putBack(claimedAhead.stream().map(Claimed::id).toArray(Long[]::new), true);
      claimedAhead.clear();
    }
  }

  /**
   * Puts back the tasks an ended worker holds unacknowledged. Which ones is decided under the
   * worker's lock, which {@link #acknowledged} also takes, and the UPDATE runs under it too: a
   * result that arrived before is excluded (its task left {@code held}); one arriving meanwhile
   * waits until the tasks are back. Without the lock, a result arriving between reading
   * {@code held} and the UPDATE was re-queued although the server had it, and another worker
   * could be handed the task again before the result's commit made it DONE.
   */
  private void returnTasks(Worker worker) throws SQLException {
    Long[] ids;
    synchronized (worker) {
      ids = worker.held.toArray(new Long[0]);
      if (ids.length > 0) {
        returned.addAndGet(putBack(ids, false));
      }
      worker.held.clear();
    }
    for (Long id : ids) {
      holders.remove(id, worker);
    }
  }

  /**
   * Puts this replica's IN_FLIGHT tasks {@code ids} back to QUEUED and wakes every replica;
   * tasks that were {@code neverSent} (claimed ahead) get their delivery count back. Returns how
   * many were put back.
   */
  private int putBack(Long[] ids, boolean neverSent) throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE contact_task SET state = 'QUEUED', owner = NULL, lease_until = NULL"
                + (neverSent ? ", deliveries = deliveries - 1" : "")
                + " WHERE id = ANY(?) AND state = 'IN_FLIGHT' AND owner = ?")) {
      update.setArray(1, connection.createArrayOf("bigint", ids));
      update.setString(2, replicaId);
      int count = update.executeUpdate();
      if (count > 0) {
        try (Statement notify = connection.createStatement()) {
          notify.execute("NOTIFY " + CHANNEL);
        }
      }
      return count;
    }
  }

  private void renewLeases() throws SQLException {
    if (holders.isEmpty() && claimedAhead.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(holders.keySet());
    claimedAhead.forEach(task -> ids.add(task.id()));
    try (Connection connection = pool.getConnection();
        PreparedStatement update = connection.prepareStatement(
            "UPDATE contact_task SET lease_until = now() + ? * interval '1 millisecond'"
                + " WHERE id = ANY(?) AND owner = ? AND state = 'IN_FLIGHT'")) {
      update.setLong(1, leaseMillis);
      update.setArray(2, connection.createArrayOf("bigint", ids.toArray(new Long[0])));
      update.setString(3, replicaId);
      update.executeUpdate();
    }
  }

  /**
   * Fills the windows of every worker whose stream is ready, dealing tasks out one at a time
   * round-robin among them (so a short queue is shared), from the tasks claimed ahead; claims
   * more first, in one round trip, when those are too few.
   *
   * <p>Claiming ahead: a claim takes what the ready windows need plus up to one full window per
   * worker of this replica. Results free windows a few at a time; without the extra, nearly
   * every result would cost a claim round trip of its own (measured: twice the database and
   * server CPU per task at the default window of 8). The extra tasks stay this replica's, under
   * its renewed lease, until its workers take them; when it has no live worker left it puts
   * them back at once.
   */
  private void fill() throws SQLException {
    List<Worker> ready = new ArrayList<>();
    List<Integer> rooms = new ArrayList<>();
    int total = 0;
    for (Worker worker : workers) {
      int room = config.maxInFlight() - worker.held.size();
      if (!worker.ended && room > 0 && worker.sink.isReady()) {
        ready.add(worker);
        rooms.add(room);
        total += room;
      }
    }
    if (total == 0) {
      return;
    }
    boolean gotAll = false;
    if (claimedAhead.size() < total) {
      int wanted = total + workers.size() * config.maxInFlight() - claimedAhead.size();
      gotAll = claim(wanted) == wanted;
    }
    deal(ready, rooms);
    if (gotAll) {
      wake(); // more may be waiting for windows that open meanwhile
    }
  }

  /** Claims up to {@code count} tasks into {@link #claimedAhead}, oldest first; how many. */
  private int claim(int count) throws SQLException {
    List<Claimed> claimed = new ArrayList<>(count);
    try (Connection connection = pool.getConnection();
        PreparedStatement claim = connection.prepareStatement(
            "UPDATE contact_task SET state = 'IN_FLIGHT', owner = ?, deliveries = deliveries + 1,"
                + " lease_until = now() + ? * interval '1 millisecond'"
                + " WHERE id IN (SELECT id FROM contact_task WHERE state = 'QUEUED'"
                + " OR (state = 'IN_FLIGHT' AND lease_until < now())"
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, text")) {
      claim.setString(1, replicaId);
      claim.setLong(2, leaseMillis);
      claim.setInt(3, count);
      try (ResultSet rows = claim.executeQuery()) {
        while (rows.next()) {
          claimed.add(new Claimed(rows.getLong(1), rows.getString(2)));
        }
      }
    }
    // RETURNING has no order: oldest first.
    claimed.sort(Comparator.comparingLong(Claimed::id));
    claimedAhead.addAll(claimed);
    return claimed.size();
  }

  /** Deals claimed tasks round-robin into the {@code rooms} of the {@code ready} workers. */
  private void deal(List<Worker> ready, List<Integer> rooms) {
    List<List<Claimed>> dealt = new ArrayList<>();
    int room = 0;
    for (int w = 0; w < ready.size(); w++) {
      dealt.add(new ArrayList<>());
      room += rooms.get(w);
    }
    int w = 0;
    for (; room > 0 && !claimedAhead.isEmpty(); room--) {
      while (dealt.get(w).size() == rooms.get(w)) {
        w = (w + 1) % ready.size();
      }
      Claimed task = claimedAhead.poll();
      Worker worker = ready.get(w);
      worker.held.add(task.id());
      holders.put(task.id(), worker);
      dealt.get(w).add(task);
      w = (w + 1) % ready.size();
    }
    for (int i = 0; i < ready.size(); i++) {
      send(ready.get(i), dealt.get(i));
    }
  }

  private void send(Worker worker, List<Claimed> tasks) {
    for (int i = 0; i < tasks.size() && !worker.ended; i++) {
      Claimed task = tasks.get(i);
      try {
        worker.sink.send(TaskIds.format(task.id()), task.text());
      } catch (RuntimeException e) {
        // The stream is broken on our side: end the worker; its tasks go back next step.
        worker.ended = true;
        worker.closeQuietly(e);
        wake();
      }
    }
  }

  /** Wakes the dispatcher on every NOTIFY of the channel; reconnects when the link drops. */
  private void listen() {
    while (!closed) {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
        PGConnection pg = connection.unwrap(PGConnection.class);
        wake(); // anything submitted while we were not listening
        while (!closed) {
          var notifications = pg.getNotifications(1_000);
          if (notifications != null && notifications.length > 0) {
            wake();
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        suspect();
        try {
          Thread.sleep(pollMillis); // the database is away; the dispatcher's polling covers us
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  /** A task this replica claimed and has not sent to a worker yet. */
  private record Claimed(long id, String text) {}

  /** A worker connected to this replica. Its fields are the dispatcher thread's, except flags. */
  private final class Worker implements TaskStore.WorkerSlot {
    final TaskSink sink;
    /** Tasks claimed for this worker and not acknowledged yet. */
    final Set<Long> held = ConcurrentHashMap.newKeySet();
    volatile boolean ended;

    Worker(TaskSink sink) {
      this.sink = sink;
    }

    @Override
    public void onReady() {
      wake();
    }

    @Override
    public void end() {
      ended = true;
      wake();
    }

    void closeQuietly(RuntimeException reason) {
      try {
        sink.close(reason);
      } catch (RuntimeException e) {
        // The stream may already be gone; nothing left to tell.
      }
    }
  }
}
