package dev.grpcpolyglot.server.metrics;

/**
 * Where to serve Prometheus metrics.
 *
 * @param host address the /metrics endpoint binds (the server's own --host)
 * @param port its port; 0 picks a free one; {@link #OFF} serves no metrics
 */
public record MetricsConfig(String host, int port) {
  /** The port value that turns metrics off (the default). */
  public static final int OFF = -1;

  public MetricsConfig {
    if (port < OFF || port > 65535) {
      throw new IllegalArgumentException("metrics port must be 0..65535 (or -1 for off), got "
          + port);
    }
  }

  public boolean enabled() {
    return port != OFF;
  }
}
