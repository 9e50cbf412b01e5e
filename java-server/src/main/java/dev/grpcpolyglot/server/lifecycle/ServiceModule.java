package dev.grpcpolyglot.server.lifecycle;

import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;
import java.util.Map;

/**
 * One service package as the server sees it: its flags, its config and how its services are
 * bound. The server registers each module once ({@code ServiceModules}) and does the rest by
 * iterating them: flags on the command line, defaults for tests, binding, lifecycle markers
 * ({@link NonBlockingService}, {@link GracefulService}, {@link DependentService},
 * {@link AutoCloseable}) read off each bound service. So adding a service touches its own
 * package and one line.
 *
 * <p>A module is a stateless singleton (the server uses it as the key of its config).
 *
 * @param <C> the module's config (immutable); {@link Void} for a module without one
 */
public interface ServiceModule<C> {
  /** The config of a server built in code (tests): nothing written outside temporary folders. */
  C defaults();

  /**
   * A new picocli mixin holding this module's flags (each also read from an environment
   * variable), or null when the module has none.
   */
  default ModuleOptions<C> options() {
    return null;
  }

  /**
   * The module's services, ready to register; empty when {@code config} turns them off.
   *
   * @throws IllegalArgumentException naming the problem when the config cannot be used (a model
   *     file, a database), so the server exits 2 with that message
   */
  List<BindableService> bind(C config, DomainMetrics metrics);

  /**
   * Largest requests of this module's methods where they differ from the server's default (full
   * method name to bytes after decompression); they win over the server's limits for the
   * methods they name.
   */
  default Map<String, Integer> requestLimits(C config) {
    return Map.of();
  }
}
