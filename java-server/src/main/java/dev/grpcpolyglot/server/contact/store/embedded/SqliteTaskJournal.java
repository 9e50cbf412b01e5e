package dev.grpcpolyglot.server.contact.store.embedded;

import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import dev.grpcpolyglot.server.contact.queue.TaskIds;
import dev.grpcpolyglot.server.contact.store.GroupCommitWriter;
import dev.grpcpolyglot.server.error.Problem;
import dev.grpcpolyglot.server.error.ProblemException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * The embedded store's database: SQLite in WAL mode with {@code synchronous=FULL} (every commit
 * is on disk before it is answered), its schema versioned by Flyway. The connection is the
 * {@link GroupCommitWriter}'s thread's: it commits every change waiting (submits,
 * acknowledgements, prunes) in one transaction. A failed commit changes nothing (the transaction
 * rolls back) and fails every future of its group: RESOURCE_EXHAUSTED when the disk is full,
 * else UNAVAILABLE.
 */
final class SqliteTaskJournal implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(SqliteTaskJournal.class.getName());
  /** Tasks per transaction at most, so a huge backlog still commits (and answers) in steps. */
  static final int MAX_GROUP_TASKS = 20_000;
  private static final int SQLITE_FULL = 13;
  /**
   * Flyway logs each step of every start at INFO; our own start-up line says what matters. Held
   * here so the level is not lost when java.util.logging drops an unreferenced logger.
   */
  @SuppressWarnings("UnusedVariable") // held, never read: see above
  private static final Logger flywayLogger = quiet(Logger.getLogger("org.flywaydb"));

  private final Path file;
  private final Connection connection;
  private final GroupCommitWriter<Change> writer;
  // Confined to the writer thread after start.
  private final PreparedStatement insert;
  private final PreparedStatement finish;
  private final PreparedStatement forget;
  private final PreparedStatement counter;
  private final SqliteSubmitKeys keys;
  private long nextDoneSeq;

  /** What start-up found in the database. */
  record Loaded(long nextId, List<StoredTask> waiting, List<StoredTask> done) {}

  /** A stored task; {@code result} is null while it is not done. */
  record StoredTask(long id, String text, String result, int deliveries) {}

  private SqliteTaskJournal(Path file, Connection connection, long nextDoneSeq,
      Duration idempotencyWindow) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.nextDoneSeq = nextDoneSeq;
    this.insert = connection.prepareStatement(
        "INSERT INTO task (id, text, state) VALUES (?, ?, 'QUEUED')");
    this.finish = connection.prepareStatement("UPDATE task SET state = 'DONE',"
        + " result = ?, deliveries = ?, done_seq = ? WHERE id = ? AND state <> 'DONE'");
    this.forget = connection.prepareStatement("DELETE FROM task WHERE id = ?");
    this.counter = connection.prepareStatement(
        "UPDATE id_counter SET next_id = MAX(next_id, ?)");
    this.keys = new SqliteSubmitKeys(connection, idempotencyWindow);
    this.writer = new GroupCommitWriter<>("contact-store", MAX_GROUP_TASKS, Change::size,
        this::commit, () -> new ProblemException(Problem.UNAVAILABLE,
            "the task store is closed; the server is shutting down"));
  }

  /**
   * Opens (creating or migrating) the database {@code file}, keeps its newest {@code retainDone}
   * finished tasks and prunes older ones, and loads what the queue needs to start.
   *
   * @param maxPages SQLite's page limit, or 0 for none (tests use it to fill the "disk")
   * @param idempotencyWindow how long submit keys are kept ({@link SqliteSubmitKeys})
   */
  static SqliteTaskJournal open(Path file, int retainDone, long maxPages,
      Duration idempotencyWindow, List<Loaded> loaded) throws SQLException {
    String url = "jdbc:sqlite:" + file;
    Flyway.configure()
        .dataSource(url, "", "")
        .locations("classpath:db/contact/sqlite")
        .load()
        .migrate();
    Connection connection = DriverManager.getConnection(url);
    try {
      try (Statement pragma = connection.createStatement()) {
        pragma.execute("PRAGMA journal_mode=WAL");
        // FULL: the WAL is flushed on every commit, so an answered change survives power loss,
        // not only kill -9; group commits make that one flush per group, not per task.
        pragma.execute("PRAGMA synchronous=FULL");
        if (maxPages > 0) {
          pragma.execute("PRAGMA max_page_count=" + maxPages);
        }
      }
      connection.setAutoCommit(false);
      long nextDoneSeq = prune(connection, retainDone);
      loaded.add(load(connection, retainDone));
      connection.commit();
      SqliteTaskJournal journal =
          new SqliteTaskJournal(file, connection, nextDoneSeq, idempotencyWindow);
      journal.writer.start();
      return journal;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Deletes finished tasks beyond the newest {@code retainDone}; returns the next done_seq. */
  private static long prune(Connection connection, int retainDone) throws SQLException {
    long maxDoneSeq;
    try (Statement query = connection.createStatement();
        ResultSet row = query.executeQuery("SELECT COALESCE(MAX(done_seq), 0) FROM task")) {
      row.next();
      maxDoneSeq = row.getLong(1);
    }
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM task WHERE done_seq IS NOT NULL AND done_seq <= ?")) {
      delete.setLong(1, maxDoneSeq - retainDone);
      delete.executeUpdate();
    }
    return maxDoneSeq + 1;
  }

  private static Loaded load(Connection connection, int retainDone) throws SQLException {
    long nextId;
    try (Statement query = connection.createStatement();
        ResultSet row = query.executeQuery("SELECT next_id FROM id_counter")) {
      row.next();
      nextId = row.getLong(1);
    }
    List<StoredTask> waiting = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery(
            "SELECT id, text, deliveries FROM task WHERE state = 'QUEUED' ORDER BY id")) {
      while (rows.next()) {
        waiting.add(new StoredTask(rows.getLong(1), rows.getString(2), null, rows.getInt(3)));
      }
    }
    List<StoredTask> done = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id, text, result, deliveries FROM task"
            + " WHERE state = 'DONE' ORDER BY done_seq")) {
      while (rows.next()) {
        done.add(new StoredTask(rows.getLong(1), rows.getString(2), rows.getString(3),
            rows.getInt(4)));
      }
    }
    return new Loaded(nextId, waiting, done.size() <= retainDone ? done
        : done.subList(done.size() - retainDone, done.size()));
  }

  /**
   * Stores tasks {@code first}, {@code first + 1}, ... as QUEUED, and {@code key} with them unless
   * null; completes once committed, with null, or with the ids of the key's earlier submit when
   * it repeats one (then nothing is stored); FAILED_PRECONDITION when the key was used for
   * another request.
   */
  CompletableFuture<Object> insert(long first, List<String> texts, SubmitKey key) {
    return writer.submit(new Insert(first, texts, key));
  }

  /** Stores a task's first result (DONE); completes once committed. */
  CompletableFuture<?> finish(long id, String result, int deliveries) {
    return writer.submit(new Finish(id, result, deliveries));
  }

  /** Deletes a finished task retention dropped; with the next group, nobody waits for it. */
  void forget(long id) {
    var unused = writer.submit(new Forget(id)); // nobody waits for a forget (see above)
  }

  /** Commits {@code group} in one transaction (on the writer thread). */
  private List<?> commit(List<Change> group) {
    long doneSeqBefore = nextDoneSeq;
    // What each change's future completes with: null, a repeat's earlier ids, or a refusal.
    List<Object> outcomes = new ArrayList<>(group.size());
    try {
      long nextId = 0;
      boolean inserts = false;
      boolean finishes = false;
      boolean forgets = false;
      long now = System.currentTimeMillis();
      for (Change change : group) {
        Object outcome = change instanceof Insert add && add.key() != null
            ? checkKey(add, now) : null;
        outcomes.add(outcome);
        if (outcome != null) {
          continue; // a repeat or a refused key: nothing of it is stored
        }
        if (change instanceof Insert add) {
          for (int i = 0; i < add.texts().size(); i++) {
            insert.setLong(1, add.first() + i);
            insert.setString(2, add.texts().get(i));
            insert.addBatch();
          }
          nextId = Math.max(nextId, add.first() + add.texts().size());
          inserts = true;
        } else if (change instanceof Finish done) {
          finish.setString(1, done.result());
          finish.setInt(2, done.deliveries());
          finish.setLong(3, nextDoneSeq++);
          finish.setLong(4, done.id());
          finish.addBatch();
          finishes = true;
        } else if (change instanceof Forget dropped) {
          forget.setLong(1, dropped.id());
          forget.addBatch();
          forgets = true;
        }
      }
      if (inserts) {
        insert.executeBatch();
        counter.setLong(1, nextId);
        counter.executeUpdate();
      }
      if (finishes) {
        finish.executeBatch();
      }
      if (forgets) {
        forget.executeBatch();
      }
      keys.pruneIfDue(now);
      connection.commit();
    } catch (SQLException e) {
      nextDoneSeq = doneSeqBefore;
      rollbackQuietly(insert, finish, forget);
      throw problemOf(e);
    }
    return outcomes;
  }

  /**
   * For a keyed insert: the ids of the key's earlier submit, or its refusal (a key used for
   * another request); null when the key is new, which is then stored in this transaction, so a
   * later insert of the same key in this group sees it.
   */
  private Object checkKey(Insert add, long now) throws SQLException {
    try {
      List<String> earlier = keys.earlier(add.key(), now);
      if (earlier != null) {
        return earlier;
      }
    } catch (ProblemException refused) {
      return refused;
    }
    keys.store(add.key(), TaskIds.formatAll(add.first(), add.texts().size()), now);
    return null;
  }

  /** The caller's view of a failed commit: nothing of the request was stored. */
  private ProblemException problemOf(SQLException e) {
    if (e.getErrorCode() == SQLITE_FULL) {
      logger.warning("task store is full (" + file + "): " + e.getMessage());
      return new ProblemException(Problem.RESOURCE_EXHAUSTED, "the task store's disk is full ("
          + file.getParent() + "); nothing of this request was stored, retry later");
    }
    logger.log(Level.SEVERE, "task store commit failed (" + file + ")", e);
    return new ProblemException(Problem.UNAVAILABLE,
        "the task store failed to commit; nothing of this request was stored, retry later");
  }

  /** Undoes the group: the transaction and any statement batch not yet executed. */
  private void rollbackQuietly(PreparedStatement... statements) {
    try {
      for (PreparedStatement statement : statements) {
        statement.clearBatch();
      }
      connection.rollback();
    } catch (SQLException e) {
      // SQLite has already rolled back by itself after some errors (SQLITE_FULL among them).
      logger.log(Level.FINE, "task store rollback", e);
    }
  }

  /** Commits what is waiting, stops the writer and closes the database. */
  @Override
  public void close() {
    writer.close();
    try {
      connection.close();
    } catch (SQLException e) {
      logger.log(Level.WARNING, "could not close the task store", e);
    }
  }

  private static Logger quiet(Logger logger) {
    logger.setLevel(Level.WARNING);
    return logger;
  }

  /** One change waiting for the writer. */
  private sealed interface Change permits Insert, Finish, Forget {
    default int size() {
      return 1;
    }
  }

  private record Insert(long first, List<String> texts, SubmitKey key) implements Change {
    @Override
    public int size() {
      return texts.size();
    }
  }

  private record Finish(long id, String result, int deliveries) implements Change {}

  private record Forget(long id) implements Change {}
}
