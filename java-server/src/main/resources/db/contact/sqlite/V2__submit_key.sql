-- Idempotency keys of submits (the idempotency-key header): a repeat of a key within the
-- retention window answers task_ids and queues nothing. Stored in the same transaction as the
-- tasks, so a failed submit leaves neither. position: the task's index in its submitTasks
-- stream (0 for submitTask and submitTaskBatch).
CREATE TABLE submit_key (
  key TEXT NOT NULL,
  position INTEGER NOT NULL,
  -- SHA-256 of the method and the task texts: the same key with another request is refused.
  fingerprint TEXT NOT NULL,
  -- The submit's task ids, comma-separated, in order.
  task_ids TEXT NOT NULL,
  -- Milliseconds since the epoch; keys older than the window are ignored and pruned.
  created_at INTEGER NOT NULL,
  PRIMARY KEY (key, position)
);
CREATE INDEX submit_key_created ON submit_key (created_at);
