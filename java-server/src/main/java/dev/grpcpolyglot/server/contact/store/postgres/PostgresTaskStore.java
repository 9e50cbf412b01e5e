package dev.grpcpolyglot.server.contact.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.grpcpolyglot.server.contact.queue.Ack;
import dev.grpcpolyglot.server.contact.queue.QueueLimits;
import dev.grpcpolyglot.server.contact.queue.QueueStats;
import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskChecks;
import dev.grpcpolyglot.server.contact.queue.TaskIds;
import dev.grpcpolyglot.server.contact.queue.TaskSink;
import dev.grpcpolyglot.server.contact.queue.TaskState;
import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.contact.queue.TaskView;
import dev.grpcpolyglot.server.contact.store.GroupCommitWriter;
import dev.grpcpolyglot.server.contact.store.JdbcUrls;
import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * The PostgreSQL store: several replicas share one queue, which lives in the database (table
 * {@code contact_task}, see the migration in {@code db/contact/postgresql}). Submits and
 * acknowledgements go through a {@link GroupCommitWriter} (one transaction per group), answered
 * in call order once committed. Workers and leases are
 * {@link PostgresDispatcher}'s. Ids come from a database sequence: unique across replicas and
 * restarts.
 *
 * <p>When the database is lost, submits and acknowledgements fail UNAVAILABLE (nothing is
 * answered before it is committed), at once once the dispatcher's probe has found it gone, and
 * the store reports itself unavailable (Contact's health turns NOT_SERVING); workers get nothing
 * new until it is back.
 */
public final class PostgresTaskStore implements TaskStore {
  private static final Logger logger = Logger.getLogger(PostgresTaskStore.class.getName());
  /** Most operations committed in one transaction. */
  private static final int MAX_GROUP = 512;

  private final HikariDataSource pool;
  /**
   * Connections whose commits do not wait for the disk (synchronous_commit off): for claims,
   * lease renewals, returns and pruning. Such a commit lost in a database crash only means a
   * task delivered again, which at-least-once allows; and the next durable commit (a submit or a
   * result) flushes every earlier one, so a result never outlives the claim before it. Halves
   * the disk flushes per task.
   */
  private final HikariDataSource relaxed;
  private final QueueLimits config;
  private final PostgresDispatcher dispatcher;
  private final PostgresPruner pruner;
  private final PostgresSubmitKeys keys;
  private final GroupCommitWriter<Op> writer = new GroupCommitWriter<>("contact-pg", MAX_GROUP,
      op -> 1, this::commit, () -> unavailable("the server is closing"));
  private final ArrayDeque<String> looseResults = new ArrayDeque<>();
  private long looseResultCount;
  /**
   * The writer's view of the QUEUED count for --contact-max-queued: the last exact count, when
   * it was taken, and what this replica inserted since. Counting reads every queued row (30-50
   * ms at 200,000), so it is redone only when a second old or when the estimate nears the limit.
   * Between counts the estimate ignores claims and other replicas' submits: the limit is a soft
   * bound across replicas anyway (each counts what it sees).
   */
  private long queuedAtCount = -1;
  private long countedAt;
  private long insertedSinceCount;
  private volatile RuntimeException shutdownReason;
  private volatile boolean closed;

  private PostgresTaskStore(HikariDataSource pool, HikariDataSource relaxed, QueueLimits config,
      String url, Duration lease, Duration idempotencyWindow) {
    this.pool = pool;
    this.relaxed = relaxed;
    this.config = config;
    this.dispatcher = new PostgresDispatcher(relaxed, url, config, lease);
    this.keys = new PostgresSubmitKeys(idempotencyWindow);
    this.pruner = new PostgresPruner(relaxed, config.retainDone(), keys);
  }

  /** As below with the default idempotency window. */
  public static PostgresTaskStore open(QueueLimits config, String url, Duration lease) {
    return open(config, url, lease, SubmitKey.DEFAULT_WINDOW);
  }

  /**
   * Connects, migrates the schema and starts, keeping submit keys for {@code idempotencyWindow};
   * IllegalArgumentException naming the problem.
   */
  public static PostgresTaskStore open(QueueLimits config, String url, Duration lease,
      Duration idempotencyWindow) {
    String shown = JdbcUrls.masked(url);
    HikariDataSource pool = null;
    HikariDataSource relaxed;
    try {
      pool = new HikariDataSource(poolConfig(url, "contact-pg", 6));
      HikariConfig relaxedConfig = poolConfig(url, "contact-pg-relaxed", 3);
      relaxedConfig.setConnectionInitSql("SET synchronous_commit TO off");
      relaxed = new HikariDataSource(relaxedConfig);
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw new IllegalArgumentException("cannot connect to --contact-store " + shown + ": "
          + rootMessage(e));
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .table("contact_schema_history")
          .locations("classpath:db/contact/postgresql")
          .load()
          .migrate();
      PostgresTaskStore store =
          new PostgresTaskStore(pool, relaxed, config, url, lease, idempotencyWindow);
      store.writer.start();
      store.dispatcher.start();
      store.pruner.start(Math.max(1_000, lease.toMillis() / 3));
      logger.info("contact store: PostgreSQL " + shown + " (lease " + lease.toMillis()
          + " ms, replica " + store.dispatcher.replicaId() + ")");
      return store;
    } catch (RuntimeException e) {
      relaxed.close();
      pool.close();
      throw new IllegalArgumentException("cannot prepare the task database at --contact-store "
          + shown + ": " + rootMessage(e));
    }
  }

  private static HikariConfig poolConfig(String url, String name, int size) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(url);
    hikari.setPoolName(name);
    hikari.setMaximumPoolSize(size);
    hikari.setConnectionTimeout(5_000);
    hikari.setInitializationFailTimeout(5_000);
    return hikari;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? e.getMessage() : root.getMessage();
  }

  @Override
  public CompletableFuture<String> submit(String text) {
    CompletableFuture<String> rejected = TaskChecks.rejectInvalid(text);
    if (rejected != null) {
      return rejected;
    }
    return enqueue(new Submit(List.of(text), null))
        .thenApply(ids -> ((List<?>) ids).get(0).toString());
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<List<String>> submitAll(List<String> texts) {
    CompletableFuture<List<String>> unstored = TaskChecks.answerUnstored(texts);
    if (unstored != null) {
      return unstored;
    }
    return enqueue(new Submit(List.copyOf(texts), null)).thenApply(ids -> (List<String>) ids);
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletableFuture<List<String>> submitAll(List<String> texts, SubmitKey key) {
    CompletableFuture<List<String>> unstored = TaskChecks.answerUnstored(texts);
    if (unstored != null) {
      return unstored;
    }
    return enqueue(new Submit(List.copyOf(texts), key)).thenApply(ids -> (List<String>) ids);
  }

  /** This replica's workers and claims, for tests that drive its steps. */
  PostgresDispatcher dispatcher() {
    return dispatcher;
  }

  @Override
  public CompletableFuture<Ack> acknowledge(String taskId, String result) {
    Long id = TaskIds.parse(taskId);
    if (id == null) {
      keepLooseResult(result);
      return CompletableFuture.completedFuture(Ack.UNKNOWN_ID);
    }
    // The worker's window frees up at once, as in the other stores: its next task need not wait
    // for this commit. Should the commit fail, the task's lease (no longer renewed: nobody holds
    // it) runs out and it is delivered again.
    dispatcher.acknowledged(id);
    return enqueue(new Acknowledge(id, result)).thenApply(ack -> {
      if (ack == Ack.UNKNOWN_ID) {
        keepLooseResult(result);
      }
      return (Ack) ack;
    });
  }

  private CompletableFuture<Object> enqueue(Op op) {
    RuntimeException reason = shutdownReason;
    if (reason != null || closed) {
      return CompletableFuture.failedFuture(reason != null ? reason : unavailable("closed"));
    }
    return writer.submit(op);
  }

  @Override
  public synchronized void keepLooseResult(String result) {
    looseResultCount++;
    if (config.retainLooseResults() == 0) {
      return;
    }
    if (looseResults.size() == config.retainLooseResults()) {
      looseResults.removeFirst();
    }
    looseResults.addLast(result);
  }

  @Override
  public WorkerSlot register(TaskSink sink) {
    RuntimeException reason = shutdownReason;
    if (reason != null) {
      throw reason instanceof ProblemException problem ? problem : unavailable("shutting down");
    }
    return dispatcher.register(sink);
  }

  @Override
  public void watchAvailability(Consumer<Boolean> listener) {
    dispatcher.availability().watch(listener);
  }

  @Override
  public TaskView status(String taskId) {
    Long id = TaskIds.parse(taskId);
    if (id != null) {
      refuseWhileUnavailable();
      try (Connection connection = pool.getConnection();
          PreparedStatement query = connection.prepareStatement(
              "SELECT text, state, result, deliveries FROM contact_task WHERE id = ?")) {
        query.setLong(1, id);
        try (ResultSet row = query.executeQuery()) {
          if (row.next()) {
            String result = row.getString(3);
            return new TaskView(taskId, row.getString(1), TaskState.valueOf(row.getString(2)),
                result == null ? "" : result, row.getInt(4));
          }
        }
      } catch (SQLException e) {
        dispatcher.suspect();
        throw unavailable(e.getMessage());
      }
    }
    throw new ProblemException(Problem.NOT_FOUND, "no task with id '" + taskId
        + "' (never issued, or finished and forgotten)").at("task_id").because("TASK_NOT_FOUND");
  }

  @Override
  public void shutdown(RuntimeException reason) {
    shutdownReason = reason;
    dispatcher.shutdown(reason);
  }

  @Override
  public long redeliveries() {
    return dispatcher.redeliveries();
  }

  @Override
  public QueueStats stats() {
    int queued = 0;
    int inFlight = 0;
    int done = 0;
    try (Connection connection = pool.getConnection();
        PreparedStatement query = connection.prepareStatement(
            "SELECT state, count(*) FROM contact_task GROUP BY state");
        ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        switch (TaskState.valueOf(rows.getString(1))) {
          case QUEUED -> queued = rows.getInt(2);
          case IN_FLIGHT -> inFlight = rows.getInt(2);
          case DONE -> done = rows.getInt(2);
        }
      }
    } catch (SQLException e) {
      logger.fine("stats unavailable: " + e.getMessage());
    }
    long loose;
    synchronized (this) {
      loose = looseResultCount;
    }
    return new QueueStats(queued, inFlight, dispatcher.workerCount(), done, loose);
  }

  @Override
  public void close() {
    closed = true;
    writer.closeNow();
    pruner.close();
    dispatcher.close();
    relaxed.close();
    pool.close();
  }

  private void refuseWhileUnavailable() {
    if (!dispatcher.availability().available()) {
      throw unavailable("it did not answer the last probe");
    }
  }

  static ProblemException unavailable(String detail) {
    return new ProblemException(Problem.UNAVAILABLE,
        "the task database is unavailable; retry later (" + detail + ")");
  }

  // ---- the writer: group commits -----------------------------------------------------------

  /** Runs {@code group} in one transaction (on the writer's thread); each op's outcome. */
  private List<?> commit(List<Op> group) {
    List<Object> outcomes = new ArrayList<>(group.size());
    try (Connection connection = connectionUnlessUnavailable()) {
      connection.setAutoCommit(false);
      try {
        boolean notify = false;
        keys.lockAll(connection, keysOf(group));
        long room = room(connection, group);
        long inserted = 0;
        for (Op op : group) {
          if (op instanceof Submit submit) {
            Object earlier = submit.key == null ? null : earlier(connection, submit.key);
            if (earlier != null) {
              outcomes.add(earlier); // a repeat (or a refused key): nothing queued
            } else if (submit.texts.size() > room) {
              outcomes.add(queueFull(submit.texts.size(), room));
            } else {
              List<String> ids = insert(connection, submit.texts, submit.key);
              if (ids == null) {
                // Another submit of the key (another replica's) committed while we waited.
                outcomes.add(earlier(connection, submit.key));
              } else {
                room -= submit.texts.size();
                inserted += submit.texts.size();
                outcomes.add(ids);
                notify = true;
              }
            }
          } else {
            outcomes.add(null); // filled in below, with every result of the group at once
          }
        }
        List<Ack> acks = finishAll(connection, group);
        for (int i = 0, a = 0; i < group.size(); i++) {
          if (group.get(i) instanceof Acknowledge) {
            outcomes.set(i, acks.get(a++));
          }
        }
        if (notify) {
          try (PreparedStatement statement = connection.prepareStatement("NOTIFY " + PostgresDispatcher.CHANNEL)) {
            statement.execute();
          }
        }
        connection.commit();
        insertedSinceCount += inserted;
        dispatcher.answered();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      ProblemException failure =
          e instanceof ProblemException known ? known : unavailable(e.getMessage());
      if (failure != e) {
        logger.log(Level.WARNING, "task database write failed", e);
        dispatcher.suspect();
      }
      throw failure;
    }
    return outcomes;
  }

  /** A pooled connection; UNAVAILABLE at once while the last probe found the database gone. */
  private Connection connectionUnlessUnavailable() throws SQLException {
    refuseWhileUnavailable();
    return pool.getConnection();
  }

  /** Room left under --contact-max-queued for the group's submits (0 without submits). */
  private long room(Connection connection, List<Op> group) throws SQLException {
    long submitted = 0;
    for (Op op : group) {
      if (op instanceof Submit submit) {
        submitted += submit.texts.size();
      }
    }
    if (submitted == 0) {
      return 0;
    }
    long now = System.nanoTime();
    if (queuedAtCount < 0 || now - countedAt > TimeUnit.SECONDS.toNanos(1)
        || queuedAtCount + insertedSinceCount + submitted > config.maxQueued() * 9L / 10) {
      queuedAtCount = countQueued(connection);
      countedAt = now;
      insertedSinceCount = 0;
    }
    return config.maxQueued() - queuedAtCount - insertedSinceCount;
  }

  private static int countQueued(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT count(*) FROM contact_task WHERE state = 'QUEUED'");
        ResultSet row = query.executeQuery()) {
      row.next();
      return row.getInt(1);
    }
  }

  private ProblemException queueFull(int size, long room) {
    return new ProblemException(Problem.RESOURCE_EXHAUSTED, "the task queue is full ("
        + config.maxQueued() + " tasks waiting at most; " + Math.max(0, room) + " free, "
        + size + " submitted); retry later")
        .because("QUEUE_FULL").retryAfter(TaskStore.QUEUE_FULL_RETRY);
  }

  private static List<SubmitKey> keysOf(List<Op> group) {
    List<SubmitKey> keys = new ArrayList<>();
    for (Op op : group) {
      if (op instanceof Submit submit && submit.key != null) {
        keys.add(submit.key);
      }
    }
    return keys;
  }

  /** The ids of {@code key}'s earlier submit, its refusal (a ProblemException), or null. */
  private Object earlier(Connection connection, SubmitKey key) throws SQLException {
    try {
      return keys.earlier(connection, key);
    } catch (ProblemException refused) {
      return refused;
    }
  }

  /**
   * Inserts the tasks with ids from the sequence, and {@code key} with them unless null; their
   * ids in order, or null (nothing inserted) when another submit holds the key.
   */
  private List<String> insert(Connection connection, List<String> texts, SubmitKey key)
      throws SQLException {
    Long[] ids = new Long[texts.size()];
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT nextval('contact_task_id') FROM generate_series(1, ?)")) {
      query.setInt(1, texts.size());
      try (ResultSet rows = query.executeQuery()) {
        for (int i = 0; rows.next(); i++) {
          ids[i] = rows.getLong(1);
        }
      }
    }
    List<String> formatted = new ArrayList<>(ids.length);
    for (Long id : ids) {
      formatted.add(TaskIds.format(id));
    }
    if (key != null && !keys.claim(connection, key, formatted)) {
      return null; // the sequence values drawn stay unused: ids are unique, not dense
    }
    Array idArray = connection.createArrayOf("bigint", ids);
    Array textArray = connection.createArrayOf("text", texts.toArray(new String[0]));
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO contact_task (id, text, state) SELECT i, t, 'QUEUED' FROM unnest(?, ?) AS u(i, t)")) {
      insert.setArray(1, idArray);
      insert.setArray(2, textArray);
      insert.executeUpdate();
    }
    return formatted;
  }

  /**
   * Makes the task of each result in {@code group} DONE with it unless it already is (REPEAT) or
   * is unknown (UNKNOWN_ID), in one UPDATE; the outcomes in the order of the group's results. Of
   * several results for one task in the group, the first counts and the others are REPEAT.
   */
  private static List<Ack> finishAll(Connection connection, List<Op> group)
      throws SQLException {
    List<Acknowledge> acks = new ArrayList<>();
    Map<Long, Acknowledge> firsts = new LinkedHashMap<>();
    for (Op op : group) {
      if (op instanceof Acknowledge ack) {
        acks.add(ack);
        firsts.putIfAbsent(ack.id, ack);
      }
    }
    if (acks.isEmpty()) {
      return List.of();
    }
    Long[] ids = firsts.keySet().toArray(new Long[0]);
    String[] results = firsts.values().stream().map(ack -> ack.result).toArray(String[]::new);
    Set<Long> finished = new HashSet<>();
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE contact_task t SET state = 'DONE', result = u.r, owner = NULL, lease_until = NULL,"
            + " done_seq = nextval('contact_task_done_seq') FROM unnest(?, ?) AS u(i, r)"
            + " WHERE t.id = u.i AND t.state <> 'DONE' RETURNING t.id")) {
      update.setArray(1, connection.createArrayOf("bigint", ids));
      update.setArray(2, connection.createArrayOf("text", results));
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          finished.add(rows.getLong(1));
        }
      }
    }
    Set<Long> known = new HashSet<>(finished);
    if (finished.size() < ids.length) {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT id FROM contact_task WHERE id = ANY(?)")) {
        query.setArray(1, connection.createArrayOf("bigint", ids));
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            known.add(rows.getLong(1));
          }
        }
      }
    }
    List<Ack> outcomes = new ArrayList<>(acks.size());
    for (Acknowledge ack : acks) {
      if (!known.contains(ack.id)) {
        outcomes.add(Ack.UNKNOWN_ID);
      } else if (firsts.get(ack.id) == ack && finished.contains(ack.id)) {
        outcomes.add(Ack.FIRST);
      } else {
        outcomes.add(Ack.REPEAT);
      }
    }
    return outcomes;
  }

  /** A change waiting for the writer. */
  private interface Op {}

  private static final class Submit implements Op {
    final List<String> texts;
    /** The submit's idempotency key, or null. */
    final SubmitKey key;

    Submit(List<String> texts, SubmitKey key) {
      this.texts = texts;
      this.key = key;
    }
  }

  private static final class Acknowledge implements Op {
    final long id;
    final String result;

    Acknowledge(long id, String result) {
      this.id = id;
      this.result = result;
    }
  }
}
