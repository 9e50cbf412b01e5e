package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.lifecycle.DurationConverter;
import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Command-line flags of the Contact service (a picocli mixin of the server command). */
public final class ContactOptions implements ModuleOptions<ContactConfig> {
  @Option(names = "--contact-max-in-flight", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_CONTACT_MAX_IN_FLIGHT:-8}",
      description = "Unacknowledged tasks a worker may hold at once (env POLYGLOT_CONTACT_MAX_IN_FLIGHT).")
  int maxInFlight;

  @Option(names = "--contact-max-queued", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_CONTACT_MAX_QUEUED:-1000000}",
      description = "Tasks that may wait at once; more is RESOURCE_EXHAUSTED (env POLYGLOT_CONTACT_MAX_QUEUED).")
  int maxQueued;

  @Option(names = "--contact-retain-done", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_CONTACT_RETAIN_DONE:-10000}",
      description = "Finished tasks (with results) kept for getTaskStatus, newest first "
          + "(env POLYGLOT_CONTACT_RETAIN_DONE).")
  int retainDone;

  @Option(names = "--contact-retain-loose-results", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_CONTACT_RETAIN_LOOSE_RESULTS:-1000}",
      description = "Results without a known task id kept, newest first "
          + "(env POLYGLOT_CONTACT_RETAIN_LOOSE_RESULTS).")
  int retainLooseResults;

  @Option(names = "--demo-tasks-every", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_DEMO_TASKS_EVERY:-0}",
      description = "Submit a few random demo tasks this often (e.g. 5s); 0 = off "
          + "(env POLYGLOT_DEMO_TASKS_EVERY).")
  Duration demoTasksEvery;

  @Option(names = "--contact-store", paramLabel = "STORE",
      defaultValue = "${env:POLYGLOT_CONTACT_STORE:-embedded}",
      description = "Where the task queue lives: embedded (SQLite in --data-dir, survives crashes) "
          + "memory (lost on exit) or a jdbc:postgresql:// URL (replicas sharing one queue) "
          + "(env POLYGLOT_CONTACT_STORE).")
  String store;

  @Option(names = "--data-dir", paramLabel = "DIR",
      defaultValue = "${env:POLYGLOT_DATA_DIR:-polyglot-data}",
      description = "Folder of the embedded task store, created at start; one server per folder "
          + "(env POLYGLOT_DATA_DIR).")
  Path dataDir;

  @Option(names = "--contact-lease", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_CONTACT_LEASE:-30s}",
      description = "PostgreSQL store: how long a task handed to a worker stays claimed without "
          + "renewal; a dead replica's tasks are redelivered after it (env POLYGLOT_CONTACT_LEASE).")
  Duration lease;

  @Option(names = "--contact-idempotency-window", paramLabel = "DURATION",
      converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_CONTACT_IDEMPOTENCY_WINDOW:-24h}",
      description = "How long a submit's idempotency-key is kept: a repeat within it answers the "
          + "original task ids and queues nothing (env POLYGLOT_CONTACT_IDEMPOTENCY_WINDOW).")
  Duration idempotencyWindow;

  @Override
  public ContactConfig toConfig() {
    return new ContactConfig(maxInFlight, maxQueued, retainDone, retainLooseResults, demoTasksEvery,
        store, dataDir, lease, idempotencyWindow);
  }
}
