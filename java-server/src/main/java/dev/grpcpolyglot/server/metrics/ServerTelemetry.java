package dev.grpcpolyglot.server.metrics;

import io.grpc.ServerBuilder;

/**
 * What the server's lifecycle needs from metrics: instrument the gRPC server, hand the services
 * a {@link DomainMetrics}, and stop exporting once the server has stopped.
 */
public interface ServerTelemetry extends AutoCloseable {
  /** No metrics: the default, when {@code --metrics-port} is not given. */
  ServerTelemetry NONE = new ServerTelemetry() {
    @Override
    public void instrument(ServerBuilder<?> builder) {}

    @Override
    public DomainMetrics domain() {
      return DomainMetrics.NONE;
    }

    @Override
    public void close() {}
  };

  /** Installs the standard gRPC server metrics on {@code builder}, before it is built. */
  void instrument(ServerBuilder<?> builder);

  /** Where services report their own metrics. */
  DomainMetrics domain();

  /** Stops the /metrics endpoint; no exception, so it can run in any shutdown path. */
  @Override
  void close();
}
