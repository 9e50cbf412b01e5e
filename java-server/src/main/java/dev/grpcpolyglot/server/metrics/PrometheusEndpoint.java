package dev.grpcpolyglot.server.metrics;

import io.grpc.ServerBuilder;
import io.grpc.opentelemetry.GrpcOpenTelemetry;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Serves Prometheus text at {@code /metrics}: grpc-java's standard OpenTelemetry server metrics
 * ({@code grpc_server_call_duration_seconds{grpc_method,grpc_status}}, started calls, message
 * sizes), the JVM's (memory, GC, threads) and the services' own ({@link DomainMetrics}).
 *
 * <p>Why the JDK's HTTP server with the Prometheus client's scrape handler rather than the
 * OpenTelemetry exporter's server or the client's {@code HTTPServer}: it reports the port it
 * bound, which {@code --metrics-port 0} needs, and {@link ScrapeGuard} decides alone what
 * answers (only {@code /metrics}, with the bearer token when one is set), where
 * {@code HTTPServer} adds a landing page on every other path. The OpenTelemetry reader still does
 * the naming, so the series have their standard Prometheus names.
 */
public final class PrometheusEndpoint implements ServerTelemetry {
  private static final Logger logger = Logger.getLogger(PrometheusEndpoint.class.getName());
  private static final String SCOPE = "dev.grpcpolyglot.server";

  private final SdkMeterProvider meterProvider;
  private final GrpcOpenTelemetry grpcMetrics;
  private final DomainMetrics domain;
  private final HttpServer http;
  private final ExecutorService httpThreads;
  private final AtomicBoolean closed = new AtomicBoolean();

  private PrometheusEndpoint(SdkMeterProvider meterProvider, HttpServer http,
      ExecutorService httpThreads) {
    this.meterProvider = meterProvider;
    this.http = http;
    this.httpThreads = httpThreads;
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();
    this.grpcMetrics = GrpcOpenTelemetry.newBuilder().sdk(sdk).build();
    this.domain = new OpenTelemetryDomainMetrics(sdk.getMeter(SCOPE));
  }

  /** Binds {@code config}'s address and starts serving; throws if the port is taken. */
  public static PrometheusEndpoint start(MetricsConfig config) throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    // No target_info: it carries no HELP line, which promtool flags, and the SDK resource here
    // (service name unknown_service:java) says nothing a scrape config does not.
    PrometheusMetricReader reader =
        PrometheusMetricReader.builder().setTargetInfoMetricEnabled(false).build();
    registry.register(reader);
    JvmMetrics.builder().register(registry);
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
    } catch (IOException | RuntimeException e) {
      meterProvider.close();
      throw e;
    }
    http.createContext("/", new ScrapeGuard(new MetricsHandler(registry), config.bearerToken()));
    // Two daemon threads: scrapes are rare and small, and a slow scraper must not keep the JVM
    // alive or take threads from the gRPC server.
    ExecutorService httpThreads = Executors.newFixedThreadPool(2, runnable -> {
      Thread thread = new Thread(runnable, "metrics-http");
      thread.setDaemon(true);
      return thread;
    });
    http.setExecutor(httpThreads);
    http.start();
    return new PrometheusEndpoint(meterProvider, http, httpThreads);
  }

  /** The bound port (the real one when the config asked for 0). */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void instrument(ServerBuilder<?> builder) {
    grpcMetrics.configureServerBuilder(builder);
  }

  @Override
  public DomainMetrics domain() {
    return domain;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    httpThreads.shutdownNow();
    meterProvider.close();
    logger.fine("metrics endpoint closed");
  }
}
