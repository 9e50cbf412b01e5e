package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.logging.LogFormat;
import dev.grpcpolyglot.server.metrics.MetricsConfig;
import dev.grpcpolyglot.server.metrics.MetricsLauncher;
import dev.grpcpolyglot.server.metrics.PrometheusEndpoint;
import dev.grpcpolyglot.server.metrics.ServerTelemetry;
import dev.grpcpolyglot.server.transport.NettyTransport;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import picocli.CommandLine;
import sun.misc.Signal;

/**
 * Entry point of the fat jar: parses flags, starts the Netty server, prints
 * {@code listening on HOST:PORT}, and on SIGTERM/SIGINT shuts down gracefully and exits 0.
 */
public final class ServerMain {
  private static final Logger logger = Logger.getLogger(ServerMain.class.getName());

  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    configureLogging();
    // Handle the signals ourselves rather than in a shutdown hook: the JVM would exit 143 after
    // hooks on SIGTERM, and an orderly stop is a success, so we exit 0 once draining is done.
    // Installed before anything starts: a SIGTERM that arrives while the server is still
    // starting (scripts stop servers right after reading the listening line) must drain too.
    CompletableFuture<String> stopSignal = new CompletableFuture<>();
    Signal.handle(new Signal("TERM"), signal -> stopSignal.complete(signal.getName()));
    Signal.handle(new Signal("INT"), signal -> stopSignal.complete(signal.getName()));
    PolyglotServer server = launch(args, System.out, System.err);
    if (server == null) {
      return;
    }
    // Any other JVM exit (System.exit elsewhere) still drains.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(server), "shutdown-hook"));
    // Runs on the signal's thread, or right here if the signal came during start-up.
    var unused = stopSignal.thenAccept(name -> {
      System.err.println("*** shutting down gRPC server: SIG" + name + " received");
      stopQuietly(server);
    });
    server.blockUntilShutdown();
    System.err.println("*** server shut down");
    System.exit(0);
  }

  /**
   * Parses {@code args}, starts the server and prints the listening line to {@code out}. Returns
   * null (after printing help, the version or a usage error to {@code out}/{@code err}) when there
   * is nothing to serve; a bad flag exits the JVM with status 2.
   */
  static PolyglotServer launch(String[] args, PrintStream out, PrintStream err) throws Exception {
    ServerOptions options = new ServerOptions();
    CommandLine cli = ServerOptions.commandLine(options);
    ServerConfig config;
    MetricsConfig metricsConfig;
    try {
      cli.parseArgs(args);
      if (cli.isUsageHelpRequested()) {
        cli.usage(out);
        return null;
      }
      if (cli.isVersionHelpRequested()) {
        cli.printVersionHelp(out);
        return null;
      }
      config = options.toConfig();
      metricsConfig = options.metrics.toConfig(config.host());
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      cli.usage(err);
      System.exit(2);
      return null;
    }
    ServerTelemetry telemetry = MetricsLauncher.start(metricsConfig, err);
    PolyglotServer server;
    try {
      server = start(config, telemetry);
    } catch (IllegalArgumentException e) {
      // An unusable certificate, key or token file: say which, without a stack trace.
      err.println("error: " + e.getMessage());
      System.exit(2);
      return null;
    }
    String hostPort = formatHostPort(config.host(), server.port());
    logger.info("server started on " + hostPort + " (" + config.security().transportSecurity()
        + ", auth " + (config.security().authEnabled() ? "on" : "off") + "), services: "
        + server.serviceNames());
    out.println("listening on " + hostPort);
    if (telemetry instanceof PrometheusEndpoint endpoint) {
      // A second line only when asked for: scripts that read just the first are unaffected.
      out.println("metrics on " + formatHostPort(metricsConfig.host(), endpoint.port()));
    }
    out.flush();
    return server;
  }

  /**
   * Starts a Netty server for {@code config}: TLS, limits and auth as configured. Throws
   * {@link IllegalArgumentException} naming the file when a certificate, key or token file
   * cannot be used.
   */
  public static PolyglotServer start(ServerConfig config) throws java.io.IOException {
    return start(config, ServerTelemetry.NONE);
  }

  /** As above, with metrics reported to {@code telemetry}, which is closed after the server. */
  public static PolyglotServer start(ServerConfig config, ServerTelemetry telemetry)
      throws java.io.IOException {
    NettyTransport transport;
    try {
      transport = NettyTransport.create(config.host(), config.port(), config.security(),
          config.limits());
    } catch (RuntimeException e) {
      telemetry.close();
      throw e;
    }
    AutoCloseable resources = () -> {
      try {
        transport.close();
      } finally {
        telemetry.close();
      }
    };
    try {
      return new PolyglotServer(transport.builder(), config, resources, telemetry).start();
    } catch (java.io.IOException | RuntimeException e) {
      closeQuietly(resources);
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable resources) {
    try {
      resources.close();
    } catch (Exception e) {
      logger.warning("could not close server resources: " + e);
    }
  }

  static String formatHostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static void stopQuietly(PolyglotServer server) {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One line per record, unless the user configured java.util.logging themselves. */
  private static void configureLogging() {
    if (System.getProperty(LogFormat.PROPERTY) == null) {
      System.setProperty(LogFormat.PROPERTY, LogFormat.SIMPLE_FORMAT);
    }
  }
}
