package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.lifecycle.DurationConverter;
import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.MetricsOptions;
import dev.grpcpolyglot.server.security.SecurityOptions;
import dev.grpcpolyglot.server.transport.LimitsOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The server's flags; each also reads an environment variable, and --help lists them all. The
 * server-wide ones are here; each service module brings its own ({@link ServiceModule#options}).
 * Parse with {@link #commandLine}, which adds them.
 */
@Command(name = "polyglot-server", showDefaultValues = true,
    sortOptions = false, usageHelpWidth = 100,
    description = "Serves every service in proto/ over gRPC (grpc-java on Netty).")
final class ServerOptions {
  @Option(names = "--host", paramLabel = "ADDR", defaultValue = "${env:POLYGLOT_HOST:-127.0.0.1}",
      description = "Address to bind; 0.0.0.0 or :: for every interface (env POLYGLOT_HOST).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:POLYGLOT_PORT:-50051}",
      description = "Port to bind; 0 picks a free port (env POLYGLOT_PORT).")
  int port;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = DurationConverter.class,
      defaultValue = "${env:POLYGLOT_SHUTDOWN_GRACE:-10s}",
      description = "On SIGTERM, how long in-flight unary and finite calls may finish; long-lived "
          + "streams (Watch, reflection, Contact workers and chats) end at once (env "
          + "POLYGLOT_SHUTDOWN_GRACE).")
  Duration shutdownGrace;

  @Option(names = "--max-inbound-message-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_MAX_INBOUND_MESSAGE_SIZE:-4194304}",
      description = "Largest request message of every method without a limit of its own, in bytes"
          + " after decompression (env POLYGLOT_MAX_INBOUND_MESSAGE_SIZE).")
  int maxInboundMessageBytes;

  @Option(names = "--gcn-max-message-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_GCN_MAX_MESSAGE_SIZE:-67108864}",
      description = "Largest ProcessGraph request, in bytes after decompression; a million-edge"
          + " graph is about 25 MB (env POLYGLOT_GCN_MAX_MESSAGE_SIZE).")
  int gcnMaxMessageBytes;

  @Option(names = "--files-max-write-message-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_FILES_MAX_WRITE_MESSAGE_SIZE:-67108864}",
      description = "Largest Write request (a whole file in one message), in bytes after"
          + " decompression (env POLYGLOT_FILES_MAX_WRITE_MESSAGE_SIZE).")
  int filesMaxWriteMessageBytes;

  /** Each module's flags, by module, in registration order; absent for modules without any. */
  private final Map<ServiceModule<?>, ModuleOptions<?>> modules = new LinkedHashMap<>();
  final SecurityOptions security = new SecurityOptions();
  final LimitsOptions limits = new LimitsOptions();
  final MetricsOptions metrics = new MetricsOptions();

  /**
   * The command line of {@code options}: its own flags, then each module's, then security,
   * limits and metrics, then --help and --version (the order of --help).
   */
  static CommandLine commandLine(ServerOptions options) {
    CommandLine cli = new CommandLine(options);
    for (ServiceModule<?> module : ServiceModules.ALL) {
      ModuleOptions<?> flags = module.options();
      if (flags != null) {
        options.modules.put(module, flags);
        cli.addMixin(module.getClass().getSimpleName(), flags);
      }
    }
    cli.addMixin("security", options.security);
    cli.addMixin("limits", options.limits);
    cli.addMixin("metrics", options.metrics);
    cli.getCommandSpec().mixinStandardHelpOptions(true);
    return cli;
  }

  /** The config the parsed flags describe; modules without flags get their defaults. */
  ServerConfig toConfig() {
    ServerConfig.Builder config = new ServerConfig.Builder(host, port, shutdownGrace,
        ServerConfig.messageLimits(
            maxInboundMessageBytes, gcnMaxMessageBytes, filesMaxWriteMessageBytes),
        security.toConfig(), limits.toConfig());
    ServiceModules.ALL.forEach(module -> addConfig(config, module));
    return config.build();
  }

  @SuppressWarnings("unchecked") // modules maps each module to its own options
  private <C> void addConfig(ServerConfig.Builder config, ServiceModule<C> module) {
    ModuleOptions<C> flags = (ModuleOptions<C>) modules.get(module);
    config.module(module, flags == null ? module.defaults() : flags.toConfig());
  }
}
