-- The Contact task queue (embedded store). A task is QUEUED until its first result is stored,
-- then DONE; IN_FLIGHT is kept in memory only (a restart makes every such task QUEUED again).
CREATE TABLE task (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('QUEUED', 'DONE')),
  result TEXT,
  deliveries INTEGER NOT NULL DEFAULT 0,
  -- Order in which tasks finished: retention keeps the newest --contact-retain-done.
  done_seq INTEGER
);
CREATE INDEX task_done_seq ON task (done_seq) WHERE done_seq IS NOT NULL;

-- The next id never issued: ids stay unique across restarts even after their tasks are pruned.
CREATE TABLE id_counter (next_id INTEGER NOT NULL);
INSERT INTO id_counter (next_id) VALUES (1);
