package dev.grpcpolyglot.server.metrics;

import picocli.CommandLine.Option;

/** The --metrics-port flag, mixed into the server's options. */
public final class MetricsOptions {
  @Option(names = "--metrics-port", paramLabel = "PORT",
      defaultValue = "${env:POLYGLOT_METRICS_PORT:--1}",
      description = "Serve Prometheus metrics at http://HOST:PORT/metrics on the --host address;"
          + " 0 picks a free port and prints 'metrics on HOST:PORT' after the listening line;"
          + " -1 turns metrics off (env POLYGLOT_METRICS_PORT).")
  int port;

  /** The configuration for a server bound to {@code host}. */
  public MetricsConfig toConfig(String host) {
    return new MetricsConfig(host, port);
  }
}
