package dev.grpcpolyglot.server.metrics;

import java.util.Optional;

/**
 * Where to serve Prometheus metrics, and who may read them.
 *
 * @param host address the /metrics endpoint binds ({@code --metrics-host}, else the server's own
 *     {@code --host})
 * @param port its port; 0 picks a free one; {@link #OFF} serves no metrics
 * @param bearerToken when present, a scrape must send {@code Authorization: Bearer <token>}
 */
public record MetricsConfig(String host, int port, Optional<String> bearerToken) {
  /** The port value that turns metrics off (the default). */
  public static final int OFF = -1;

  public MetricsConfig {
    if (port < OFF || port > 65535) {
      throw new IllegalArgumentException("metrics port must be 0..65535 (or -1 for off), got "
          + port);
    }
    if (bearerToken.isPresent() && bearerToken.get().isBlank()) {
      throw new IllegalArgumentException("the metrics bearer token is empty");
    }
  }

  /** Metrics open to anyone who reaches {@code host:port}. */
  public MetricsConfig(String host, int port) {
    this(host, port, Optional.empty());
  }

  public boolean enabled() {
    return port != OFF;
  }
}
