package dev.grpcpolyglot.server.contact.queue;

/**
 * Where a worker's tasks go (its getTask stream, for the gRPC service). {@link TaskQueue} never
 * calls {@link #send} or {@link #close} concurrently for one sink, never after {@link #close},
 * and never while holding its own lock; {@link #isReady} may be called from any thread.
 */
public interface TaskSink {
  /** Whether the sink can take a message now without buffering (transport flow control). */
  boolean isReady();

  /** Hands one task to the worker. A failure ends this worker; its tasks go back to the queue. */
  void send(String taskId, String text);

  /** Ends the worker's stream with {@code reason} (e.g. UNAVAILABLE at shutdown). */
  void close(RuntimeException reason);
}
