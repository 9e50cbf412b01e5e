package dev.grpcpolyglot.server.contact.queue;

/**
 * The bounds every store keeps, so the server's memory (and a database's size) stays flat in a
 * long run. Checked where they are read from the command line.
 *
 * @param maxInFlight tasks a worker may hold unacknowledged at once (its flow-control window)
 * @param maxQueued tasks that may wait at once; a submit beyond it is RESOURCE_EXHAUSTED
 * @param retainDone finished tasks kept queryable (oldest forgotten first)
 * @param retainLooseResults results without a (known) task id kept (oldest forgotten first)
 */
public record QueueLimits(int maxInFlight, int maxQueued, int retainDone,
    int retainLooseResults) {}
