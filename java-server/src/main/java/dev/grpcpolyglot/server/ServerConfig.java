package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.contact.ContactConfig;
import dev.grpcpolyglot.server.files.FilesConfig;
import dev.grpcpolyglot.server.gcn.GcnConfig;
import dev.grpcpolyglot.server.security.SecurityConfig;
import dev.grpcpolyglot.server.transport.LimitsConfig;
import java.time.Duration;

/**
 * Everything the server is configured with, immutable; built from flags and environment by
 * {@link ServerOptions}, or directly by tests.
 *
 * @param host address to bind (an interface address, or 0.0.0.0 / :: for all)
 * @param port port to bind; 0 picks a free one
 * @param shutdownGrace how long in-flight calls may run after shutdown begins
 * @param maxInboundMessageBytes largest request message accepted (the 1M-edge GCN benchmark
 *     graph is 24.2 MiB; see README)
 * @param security TLS, authentication, reflection access and the access log
 * @param limits connection limits (concurrent calls, keepalive enforcement, idle/age, handshake)
 * @param testService also serve grpc.testing.TestService for the interop suite (docs/interop.md)
 */
public record ServerConfig(
    String host,
    int port,
    Duration shutdownGrace,
    int maxInboundMessageBytes,
    FilesConfig files,
    GcnConfig gcn,
    ContactConfig contact,
    SecurityConfig security,
    LimitsConfig limits,
    boolean testService) {

  public static final int DEFAULT_PORT = 50051;

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
    }
    if (maxInboundMessageBytes <= 0) {
      throw new IllegalArgumentException(
          "max inbound message size must be positive, got " + maxInboundMessageBytes);
    }
  }
  public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** Defaults for tests: loopback, a free port, a short grace period, a fresh temporary files root. */
  public static ServerConfig forTests() {
    return new ServerConfig("127.0.0.1", 0, Duration.ofSeconds(5),
        DEFAULT_MAX_INBOUND_MESSAGE_BYTES, FilesConfig.inTempFolder(), GcnConfig.defaults(),
        ContactConfig.defaults(), SecurityConfig.none(), LimitsConfig.defaults(), false);
  }

  public ServerConfig withFiles(FilesConfig newFiles) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, newFiles, gcn,
        contact, security, limits, testService);
  }

  public ServerConfig withGcn(GcnConfig newGcn) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, files, newGcn,
        contact, security, limits, testService);
  }

  public ServerConfig withContact(ContactConfig newContact) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, files, gcn,
        newContact, security, limits, testService);
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return new ServerConfig(host, port, grace, maxInboundMessageBytes, files, gcn,
        contact, security, limits, testService);
  }

  public ServerConfig withSecurity(SecurityConfig newSecurity) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, files, gcn, contact,
        newSecurity, limits, testService);
  }

  public ServerConfig withLimits(LimitsConfig newLimits) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, files, gcn, contact,
        security, newLimits, testService);
  }

  public ServerConfig withMaxInboundMessageBytes(int bytes) {
    return new ServerConfig(host, port, shutdownGrace, bytes, files, gcn, contact, security, limits,
        testService);
  }

  public ServerConfig withTestService(boolean enabled) {
    return new ServerConfig(host, port, shutdownGrace, maxInboundMessageBytes, files, gcn, contact,
        security, limits, enabled);
  }
}
