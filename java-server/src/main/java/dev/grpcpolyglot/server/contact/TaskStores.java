package dev.grpcpolyglot.server.contact;

import dev.grpcpolyglot.server.contact.queue.TaskStore;
import dev.grpcpolyglot.server.contact.store.JdbcUrls;
import dev.grpcpolyglot.server.contact.store.embedded.EmbeddedTaskStore;
import dev.grpcpolyglot.server.contact.store.memory.MemoryTaskStore;
import dev.grpcpolyglot.server.contact.store.postgres.PostgresTaskStore;
import java.util.logging.Logger;

/** Opens the store {@code --contact-store} names. */
public final class TaskStores {
  private static final Logger logger = Logger.getLogger(TaskStores.class.getName());

  public static final String EMBEDDED = "embedded";
  public static final String MEMORY = "memory";
  public static final String POSTGRESQL_PREFIX = "jdbc:postgresql://";

  private TaskStores() {}

  /**
   * The store of {@code config}, opened and loaded.
   *
   * @throws IllegalArgumentException naming the problem when the store name is unknown or the
   *     store cannot be opened (the server exits 2 with that message)
   */
  public static TaskStore open(ContactConfig config) {
    String store = config.store();
    if (store.equals(MEMORY)) {
      logger.info("contact store: memory (tasks are lost when the server exits)");
      return new MemoryTaskStore(config.limits(), config.idempotencyWindow());
    }
    if (store.equals(EMBEDDED)) {
      return EmbeddedTaskStore.open(config.limits(), config.dataDir(), config.idempotencyWindow());
    }
    if (store.startsWith(POSTGRESQL_PREFIX)) {
      return PostgresTaskStore.open(config.limits(), store, config.lease(),
          config.idempotencyWindow());
    }
    throw new IllegalArgumentException("--contact-store must be embedded, memory or a "
        + POSTGRESQL_PREFIX + " URL, got '" + JdbcUrls.masked(store) + "'");
  }
}
