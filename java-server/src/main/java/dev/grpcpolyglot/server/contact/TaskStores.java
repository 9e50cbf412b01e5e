package dev.grpcpolyglot.server.contact;

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
      return new MemoryTaskStore(config);
    }
    if (store.equals(EMBEDDED)) {
      return EmbeddedTaskStore.open(config);
    }
    if (store.startsWith(POSTGRESQL_PREFIX)) {
      return PostgresTaskStore.open(config);
    }
    throw new IllegalArgumentException("--contact-store must be embedded, memory or a "
        + POSTGRESQL_PREFIX + " URL, got '" + masked(store) + "'");
  }

  /** {@code url} with any password in it replaced by ***, for messages and logs. */
  static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(//[^/:@]*:)[^/@]*@", "$1***@");
  }
}
