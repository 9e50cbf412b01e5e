package dev.grpcpolyglot.server.lifecycle;

import java.util.function.Consumer;

/**
 * A service that can only serve while something outside the process answers (Contact's task
 * database). The server ({@code PolyglotServer}) turns its health status NOT_SERVING while it
 * cannot serve, so balancers and probes send its calls to replicas that can, and SERVING again
 * once it can.
 */
public interface DependentService {
  /**
   * Calls {@code listener} at once with whether the service can serve now, then with every
   * change, from any thread, one call at a time and in order.
   */
  void watchAvailability(Consumer<Boolean> listener);
}
