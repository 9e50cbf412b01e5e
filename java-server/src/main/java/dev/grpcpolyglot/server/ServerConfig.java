package dev.grpcpolyglot.server;

import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.server.contact.ContactConfig;
import dev.grpcpolyglot.server.files.FilesConfig;
import dev.grpcpolyglot.server.gcn.GcnConfig;
import dev.grpcpolyglot.server.inbound.MessageLimits;
import dev.grpcpolyglot.server.interop.InteropConfig;
import dev.grpcpolyglot.server.routeguide.RouteGuideConfig;
import dev.grpcpolyglot.server.security.SecurityConfig;
import dev.grpcpolyglot.server.transport.LimitsConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Everything the server is configured with, immutable; built from flags and environment by
 * {@link ServerOptions}, or directly by tests.
 *
 * @param host address to bind (an interface address, or 0.0.0.0 / :: for all)
 * @param port port to bind; 0 picks a free one
 * @param shutdownGrace how long in-flight calls may run after shutdown begins
 * @param messageLimits largest request message each method accepts, after decompression (the
 *     1M-edge GCN benchmark graph is 24.2 MiB; see docs)
 * @param routeGuide the route guide's feature database and RouteChat note caps
 * @param security TLS, authentication, reflection access and the access log
 * @param limits connection limits (concurrent calls, keepalive enforcement, idle/age, handshake)
 * @param testService whether grpc.testing.TestService is served, for the interop suite, and its
 *     bounds (docs/interop.md)
 */
public record ServerConfig(
    String host,
    int port,
    Duration shutdownGrace,
    MessageLimits messageLimits,
    FilesConfig files,
    GcnConfig gcn,
    ContactConfig contact,
    RouteGuideConfig routeGuide,
    SecurityConfig security,
    LimitsConfig limits,
    InteropConfig testService) {

  public static final int DEFAULT_PORT = 50051;

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
    }
  }

  /** The default limit of ProcessGraph and Write: a million-edge graph, a file in one message. */
  public static final int DEFAULT_LARGE_MESSAGE_BYTES = 64 * 1024 * 1024;

  /**
   * Limits with {@code defaultBytes} for every method but ProcessGraph ({@code graphBytes}) and
   * Write ({@code writeBytes}), the two whose contract needs large single messages.
   */
  public static MessageLimits messageLimits(int defaultBytes, int graphBytes, int writeBytes) {
    return new MessageLimits(defaultBytes, Map.of(
        GCNServiceGrpc.getProcessGraphMethod().getFullMethodName(), graphBytes,
        FileControllerGrpc.getWriteMethod().getFullMethodName(), writeBytes));
  }

  /** Defaults for tests: loopback, a free port, a short grace period, a fresh temporary files root. */
  public static ServerConfig forTests() {
    return new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5),
        messageLimits(MessageLimits.DEFAULT_BYTES, DEFAULT_LARGE_MESSAGE_BYTES,
            DEFAULT_LARGE_MESSAGE_BYTES), FilesConfig.inTempFolder(), GcnConfig.defaults(),
        ContactConfig.defaults(), RouteGuideConfig.defaults(), SecurityConfig.none(),
        LimitsConfig.defaults(), InteropConfig.off());
  }

  public ServerConfig withFiles(FilesConfig newFiles) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, newFiles, gcn,
        contact, routeGuide, security, limits, testService);
  }

  public ServerConfig withGcn(GcnConfig newGcn) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, newGcn,
        contact, routeGuide, security, limits, testService);
  }

  public ServerConfig withContact(ContactConfig newContact) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, gcn,
        newContact, routeGuide, security, limits, testService);
  }

  public ServerConfig withRouteGuide(RouteGuideConfig newRouteGuide) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, gcn, contact,
        newRouteGuide, security, limits, testService);
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return new ServerConfig(host, port, grace, messageLimits, files, gcn,
        contact, routeGuide, security, limits, testService);
  }

  public ServerConfig withSecurity(SecurityConfig newSecurity) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, gcn, contact,
        routeGuide, newSecurity, limits, testService);
  }

  public ServerConfig withLimits(LimitsConfig newLimits) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, gcn, contact,
        routeGuide, security, newLimits, testService);
  }

  public ServerConfig withMessageLimits(MessageLimits newLimits) {
    return new ServerConfig(host, port, shutdownGrace, newLimits, files, gcn, contact, routeGuide,
        security, limits, testService);
  }

  /** The same limits with {@code bytes} for every method that has no limit of its own. */
  public ServerConfig withMaxInboundMessageBytes(int bytes) {
    return withMessageLimits(new MessageLimits(bytes, messageLimits.perMethod()));
  }

  public ServerConfig withTestService(boolean enabled) {
    return withTestService(testService.withEnabled(enabled));
  }

  public ServerConfig withTestService(InteropConfig newTestService) {
    return new ServerConfig(host, port, shutdownGrace, messageLimits, files, gcn, contact,
        routeGuide, security, limits, newTestService);
  }
}
