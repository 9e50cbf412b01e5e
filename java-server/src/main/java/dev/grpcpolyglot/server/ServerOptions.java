package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.contact.ContactOptions;
import dev.grpcpolyglot.server.files.FilesOptions;
import dev.grpcpolyglot.server.gcn.GcnOptions;
import dev.grpcpolyglot.server.interop.InteropOptions;
import dev.grpcpolyglot.server.metrics.MetricsOptions;
import dev.grpcpolyglot.server.routeguide.RouteGuideOptions;
import dev.grpcpolyglot.server.security.SecurityOptions;
import dev.grpcpolyglot.server.transport.LimitsOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The server's flags; each also reads an environment variable, and --help lists them all. */
@Command(name = "polyglot-server", mixinStandardHelpOptions = true, showDefaultValues = true,
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

  @Mixin FilesOptions files;
  @Mixin GcnOptions gcn;
  @Mixin ContactOptions contact;
  @Mixin RouteGuideOptions routeGuide;
  @Mixin SecurityOptions security;
  @Mixin LimitsOptions limits;
  @Mixin MetricsOptions metrics;
  @Mixin InteropOptions testService;

  ServerConfig toConfig() {
    return new ServerConfig(host, port, shutdownGrace,
        ServerConfig.messageLimits(
            maxInboundMessageBytes, gcnMaxMessageBytes, filesMaxWriteMessageBytes),
        files.toConfig(), gcn.toConfig(), contact.toConfig(), routeGuide.toConfig(),
        security.toConfig(), limits.toConfig(), testService.toConfig());
  }
}
