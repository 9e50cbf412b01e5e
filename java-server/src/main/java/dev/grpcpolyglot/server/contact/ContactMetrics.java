package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.metrics.DomainMetrics;

/** The task queue's levels and redeliveries, read from the queue at each scrape. */
final class ContactMetrics {
  private ContactMetrics() {}

  static void observe(TaskStore queue, DomainMetrics metrics) {
    metrics.gauge("polyglot.contact.queue.depth", "{task}",
        "Tasks waiting for a worker", () -> queue.stats().queued());
    metrics.gauge("polyglot.contact.tasks.in_flight", "{task}",
        "Tasks sent to a worker and not yet acknowledged", () -> queue.stats().inFlight());
    metrics.gauge("polyglot.contact.workers", "{worker}",
        "Workers connected through getTask", () -> queue.stats().workers());
    metrics.observedCounter("polyglot.contact.redeliveries", "{task}",
        "Tasks put back in the queue because their worker left without acknowledging them",
        queue::redeliveries);
  }
}
