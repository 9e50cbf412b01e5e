package dev.grpcpolyglot.server.metrics;

import java.io.IOException;
import java.io.PrintStream;

/** The command line's side of metrics: start the endpoint if asked. */
public final class MetricsLauncher {
  private MetricsLauncher() {}

  /**
   * The Prometheus endpoint when {@code config} enables it, else {@link ServerTelemetry#NONE}.
   * A port that cannot be bound is a usage error: printed to {@code err}, exit status 2.
   */
  public static ServerTelemetry start(MetricsConfig config, PrintStream err) {
    if (!config.enabled()) {
      return ServerTelemetry.NONE;
    }
    try {
      return PrometheusEndpoint.start(config);
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot serve metrics on " + config.host() + ":" + config.port() + ": "
          + e.getMessage());
      System.exit(2);
      return ServerTelemetry.NONE;
    }
  }
}
