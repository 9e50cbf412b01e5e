package dev.grpcpolyglot.server.contact.queue;

/** Where a task is in its life: waiting, handed to a worker, or done (a result was reported). */
public enum TaskState {
  QUEUED,
  IN_FLIGHT,
  DONE
}
