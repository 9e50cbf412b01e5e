package dev.grpcpolyglot.server.contact.store.postgres;

import dev.grpcpolyglot.server.contact.store.DaemonThreads;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Retention for the PostgreSQL store: deletes the DONE tasks older than the newest
 * --contact-retain-done, on a thread of its own (so deliveries never wait for it), in chunks
 * that skip rows another replica is deleting (so replicas pruning at once never wait for each
 * other, and no statement runs long).
 */
final class PostgresPruner implements AutoCloseable {
  private static final Logger logger = Logger.getLogger(PostgresPruner.class.getName());
  /** Rows per DELETE: about 17 ms each on this project's benchmark machine. */
  static final int CHUNK = 5_000;
  /** Chunks per run at most, so one run is bounded; the next run goes on. */
  private static final int MAX_CHUNKS = 200;
  // ANY(ARRAY(...)), not IN (...): with IN the planner joins by hashing the whole table.
  private static final String DELETE_CHUNK = "DELETE FROM contact_task WHERE id = ANY(ARRAY("
      + "SELECT id FROM contact_task WHERE state = 'DONE' AND done_seq <= (SELECT done_seq"
      + " FROM contact_task WHERE state = 'DONE' ORDER BY done_seq DESC OFFSET ? LIMIT 1)"
      + " ORDER BY done_seq LIMIT ? FOR UPDATE SKIP LOCKED))";

  private final DataSource pool;
  private final int retainDone;
  private final PostgresSubmitKeys keys;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("contact-pg-pruner"));

  PostgresPruner(DataSource pool, int retainDone, PostgresSubmitKeys keys) {
    this.pool = pool;
    this.retainDone = retainDone;
    this.keys = keys;
  }

  void start(long periodMillis) {
    // Runs until the timer is shut down; pruneQuietly handles its own failures.
    var unused = timer.scheduleWithFixedDelay(this::pruneQuietly, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Deletes submit keys older than the idempotency window, a chunk at a time; the rows deleted. */
  int pruneKeys() throws SQLException {
    int deleted = 0;
    try (Connection connection = pool.getConnection()) {
      for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
        int rows = keys.prune(connection, CHUNK);
        deleted += rows;
        if (rows < CHUNK) {
          break;
        }
      }
    }
    return deleted;
  }

  /** Deletes what is beyond retention, a chunk at a time; the rows deleted. */
  int prune() throws SQLException {
    int deleted = 0;
    try (Connection connection = pool.getConnection();
        PreparedStatement delete = connection.prepareStatement(DELETE_CHUNK)) {
      delete.setInt(1, retainDone);
      delete.setInt(2, CHUNK);
      for (int chunk = 0; chunk < MAX_CHUNKS; chunk++) {
        int rows = delete.executeUpdate();
        deleted += rows;
        if (rows < CHUNK) {
          break;
        }
      }
    }
    return deleted;
  }

  private void pruneQuietly() {
    try {
      prune();
      pruneKeys();
    } catch (SQLException | RuntimeException e) {
      // The dispatcher's probe reports a lost database; the next run tries again.
      logger.fine("pruning finished tasks failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
