package dev.grpcpolyglot.server.contact.store.embedded;

import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The embedded store's idempotency keys (table {@code submit_key}), used by the journal's writer
 * inside its group transaction: a key is looked up and stored on the same connection as the
 * tasks, so a later submit of the group sees an earlier one's key and a rolled-back group leaves
 * no key. Writer-thread confined; its statements close with the connection.
 */
final class SqliteSubmitKeys {
  /** Expired keys are deleted at most this often (with a group commit). */
  private static final long PRUNE_EVERY_MILLIS = 60_000;

  private final long windowMillis;
  private final PreparedStatement lookup;
  private final PreparedStatement store;
  private final PreparedStatement prune;
  private long prunedAt;

  SqliteSubmitKeys(Connection connection, Duration window) throws SQLException {
    this.windowMillis = window.toMillis();
    this.lookup = connection.prepareStatement("SELECT fingerprint, task_ids FROM submit_key"
        + " WHERE key = ? AND position = ? AND created_at >= ?");
    // REPLACE: an expired key not yet pruned is taken over by the new submit.
    this.store = connection.prepareStatement("INSERT OR REPLACE INTO submit_key"
        + " (key, position, fingerprint, task_ids, created_at) VALUES (?, ?, ?, ?, ?)");
    this.prune = connection.prepareStatement("DELETE FROM submit_key WHERE created_at < ?");
  }

  /**
   * What {@code key}'s earlier submit answers (its ids), or null when the key is new (or
   * expired); FAILED_PRECONDITION when it was used for another request.
   */
  List<String> earlier(SubmitKey key, long nowMillis) throws SQLException {
    lookup.setString(1, key.key());
    lookup.setLong(2, key.position());
    lookup.setLong(3, nowMillis - windowMillis);
    try (ResultSet row = lookup.executeQuery()) {
      return row.next() ? key.repeatOf(row.getString(1), row.getString(2)) : null;
    }
  }

  /** Stores {@code key} with its submit's ids, in the current transaction. */
  void store(SubmitKey key, List<String> ids, long nowMillis) throws SQLException {
    store.setString(1, key.key());
    store.setLong(2, key.position());
    store.setString(3, key.fingerprint());
    store.setString(4, SubmitKey.joinIds(ids));
    store.setLong(5, nowMillis);
    store.executeUpdate();
  }

  /** Deletes expired keys, in the current transaction, when the last prune is a while ago. */
  void pruneIfDue(long nowMillis) throws SQLException {
    if (nowMillis - prunedAt < PRUNE_EVERY_MILLIS) {
      return;
    }
    prune.setLong(1, nowMillis - windowMillis);
    prune.executeUpdate();
    prunedAt = nowMillis;
  }
}
