package dev.grpcpolyglot.server.contact.queue;

/**
 * A store's counts for tests, logs and benchmarks; a consistent snapshot where the store can
 * take one.
 *
 * @param queued tasks waiting for a worker
 * @param inFlight tasks handed to a worker and not acknowledged yet
 * @param workers workers connected (to this server)
 * @param retainedDone finished tasks still queryable
 * @param looseResults results that named no known task, since start
 */
public record QueueStats(int queued, int inFlight, int workers, int retainedDone,
    long looseResults) {}
