package dev.grpcpolyglot.server.contact.store;

import java.util.concurrent.ThreadFactory;

/** Threads of the stores, none of which may keep the JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * A daemon thread, not started. A crash or System.exit must not wait for a store's thread:
   * every answered change is already committed, and whatever was not answered may be lost.
   */
  public static Thread create(Runnable body, String name) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  /** A factory of such threads, all named {@code name} (for single-thread executors). */
  public static ThreadFactory named(String name) {
    return body -> create(body, name);
  }
}
