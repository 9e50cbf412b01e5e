package dev.grpcpolyglot.server.contact.store.postgres;

import dev.grpcpolyglot.server.contact.queue.SubmitKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The PostgreSQL store's idempotency keys (table {@code contact_submit_key}, shared by every
 * replica), used by the store's writer inside its group transaction, so a key is committed with
 * its tasks or not at all. Between replicas: a group first takes a transaction-scoped advisory
 * lock per key, all in ascending order (so two groups holding keys in different orders cannot
 * deadlock), then looks each key up; a replica submitting a key another one holds waits for
 * that transaction's end and then finds the key committed (or free). The primary key is the
 * last word should two keys' locks ever be skipped.
 */
final class PostgresSubmitKeys {
  private static final String LIVE = "created_at >= now() - ? * interval '1 millisecond'";
  private static final String LOOKUP = "SELECT fingerprint, task_ids FROM contact_submit_key"
      + " WHERE key = ? AND position = ? AND " + LIVE;
  // An expired key not yet pruned is taken over; a live one is left alone (no row returned).
  private static final String CLAIM = "INSERT INTO contact_submit_key AS k"
      + " (key, position, fingerprint, task_ids) VALUES (?, ?, ?, ?)"
      + " ON CONFLICT (key, position) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
      + " task_ids = EXCLUDED.task_ids, created_at = now()"
      + " WHERE k.created_at < now() - ? * interval '1 millisecond' RETURNING 1";
  private static final String PRUNE = "DELETE FROM contact_submit_key WHERE ctid = ANY(ARRAY("
      + "SELECT ctid FROM contact_submit_key WHERE created_at < now() - ? * interval"
      + " '1 millisecond' LIMIT ? FOR UPDATE SKIP LOCKED))";

  private static final String LOCK =
      "SELECT pg_advisory_xact_lock(x) FROM unnest(?::bigint[]) AS u(x)";

  private final long windowMillis;

  PostgresSubmitKeys(Duration window) {
    this.windowMillis = window.toMillis();
  }

  /** Locks {@code keys} until the transaction ends, in ascending lock-id order (no deadlock). */
  void lockAll(Connection connection, List<SubmitKey> keys) throws SQLException {
    if (keys.isEmpty()) {
      return;
    }
    // unnest hands the rows out in array order, so the locks are taken in sorted order.
    Long[] ids = keys.stream().map(PostgresSubmitKeys::lockId).distinct().sorted()
        .toArray(Long[]::new);
    try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
      lock.setArray(1, connection.createArrayOf("bigint", ids));
      lock.executeQuery().close();
    }
  }

  /** A 64-bit advisory lock id for the key's (key, position). */
  private static long lockId(SubmitKey key) {
    byte[] digest = SubmitKey.sha256()
        .digest((key.key() + "\n" + key.position()).getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(digest).getLong();
  }

  /**
   * What {@code key}'s earlier submit answers (its ids, as committed by any replica), or null
   * when the key is new or expired; FAILED_PRECONDITION when it was used for another request.
   */
  List<String> earlier(Connection connection, SubmitKey key) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(LOOKUP)) {
      query.setString(1, key.key());
      query.setLong(2, key.position());
      query.setLong(3, windowMillis);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? key.repeatOf(row.getString(1), row.getString(2)) : null;
      }
    }
  }

  /**
   * Stores {@code key} with {@code ids} in the current transaction; false when another submit
   * holds the key (committed, possibly by another replica while this one waited for it).
   */
  boolean claim(Connection connection, SubmitKey key, List<String> ids) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(CLAIM)) {
      insert.setString(1, key.key());
      insert.setLong(2, key.position());
      insert.setString(3, key.fingerprint());
      insert.setString(4, SubmitKey.joinIds(ids));
      insert.setLong(5, windowMillis);
      try (ResultSet row = insert.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Deletes up to {@code limit} expired keys, skipping rows another replica is deleting. */
  int prune(Connection connection, int limit) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(PRUNE)) {
      delete.setLong(1, windowMillis);
      delete.setInt(2, limit);
      return delete.executeUpdate();
    }
  }
}
