-- The Contact task queue shared by several replicas (PostgreSQL store). The table IS the queue:
-- a replica claims QUEUED tasks (or IN_FLIGHT ones whose lease expired) for its own workers
-- with SELECT ... FOR UPDATE SKIP LOCKED, renews the lease while the worker's stream lives, and
-- puts them back to QUEUED when the stream ends.
CREATE SEQUENCE contact_task_id;
-- Order in which tasks finished: retention keeps the newest --contact-retain-done.
CREATE SEQUENCE contact_task_done_seq;

CREATE TABLE contact_task (
  id BIGINT PRIMARY KEY,
  text TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('QUEUED', 'IN_FLIGHT', 'DONE')),
  result TEXT,
  deliveries INTEGER NOT NULL DEFAULT 0,
  -- The replica holding an IN_FLIGHT task, and until when (it renews while the worker lives).
  owner TEXT,
  lease_until TIMESTAMPTZ,
  done_seq BIGINT
);
CREATE INDEX contact_task_waiting ON contact_task (id) WHERE state <> 'DONE';
CREATE INDEX contact_task_owner ON contact_task (owner) WHERE state = 'IN_FLIGHT';
CREATE INDEX contact_task_done ON contact_task (done_seq) WHERE state = 'DONE';
