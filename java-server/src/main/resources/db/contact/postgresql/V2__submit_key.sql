-- Idempotency keys of submits (the idempotency-key header), shared by every replica: a repeat
-- of a key within the retention window answers task_ids and queues nothing. Inserted in the
-- same transaction as the tasks, so a failed submit leaves neither and a committed one is seen
-- by any replica; the primary key decides between replicas submitting one key at once.
-- position: the task's index in its submitTasks stream (0 for submitTask and submitTaskBatch).
CREATE TABLE contact_submit_key (
  key TEXT NOT NULL,
  position BIGINT NOT NULL,
  -- SHA-256 of the method and the task texts: the same key with another request is refused.
  fingerprint TEXT NOT NULL,
  -- The submit's task ids, comma-separated, in order.
  task_ids TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (key, position)
);
CREATE INDEX contact_submit_key_created ON contact_submit_key (created_at);
