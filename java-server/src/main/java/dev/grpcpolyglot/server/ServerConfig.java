package dev.grpcpolyglot.server;

import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.server.inbound.MessageLimits;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.security.SecurityConfig;
import dev.grpcpolyglot.server.transport.LimitsConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything the server is configured with, immutable; built from flags and environment by
 * {@link ServerOptions}, or directly by tests ({@link #forTests}, {@link #toBuilder}). Each
 * service's own config sits under its module ({@link #configOf}), so adding a service does not
 * touch this class.
 *
 * @param host address to bind (an interface address, or 0.0.0.0 / :: for all)
 * @param port port to bind; 0 picks a free one
 * @param shutdownGrace how long in-flight calls may run after shutdown begins
 * @param messageLimits largest request message each method accepts, after decompression (the
 *     1M-edge GCN benchmark graph is 24.2 MiB; see docs)
 * @param security TLS, authentication, reflection access and the access log
 * @param limits connection limits (concurrent calls, keepalive enforcement, idle/age, handshake)
 * @param modules each registered {@link ServiceModule}'s config, in registration order
 */
public record ServerConfig(
    String host,
    int port,
    Duration shutdownGrace,
    MessageLimits messageLimits,
    SecurityConfig security,
    LimitsConfig limits,
    Map<ServiceModule<?>, Object> modules) {

  public static final int DEFAULT_PORT = 50051;

  public ServerConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("shutdown grace must not be negative, got " + shutdownGrace);
    }
    // A copy that keeps the order and the null config of modules without one.
    modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
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

  /**
   * Defaults for tests: loopback, a free port, a short grace period, and every module's
   * {@link ServiceModule#defaults} (a fresh temporary files root, the memory task store).
   */
  public static ServerConfig forTests() {
    Builder builder = new Builder("127.0.0.1", 0, Duration.ofSeconds(5),
        messageLimits(MessageLimits.DEFAULT_BYTES, DEFAULT_LARGE_MESSAGE_BYTES,
            DEFAULT_LARGE_MESSAGE_BYTES), SecurityConfig.none(), LimitsConfig.defaults());
    ServiceModules.ALL.forEach(module -> builder.modules.put(module, module.defaults()));
    return builder.build();
  }

  /**
   * The config of {@code module}.
   *
   * @throws IllegalArgumentException when the module is not registered in this config
   */
  @SuppressWarnings("unchecked") // put by module(ServiceModule<C>, C), so it is a C
  public <C> C configOf(ServiceModule<C> module) {
    if (!modules.containsKey(module)) {
      throw new IllegalArgumentException("no config for " + module.getClass().getSimpleName());
    }
    return (C) modules.get(module);
  }

  /** The same config with {@code config} for {@code module}. */
  public <C> ServerConfig with(ServiceModule<C> module, C config) {
    return toBuilder().module(module, config).build();
  }

  public ServerConfig withShutdownGrace(Duration grace) {
    return toBuilder().shutdownGrace(grace).build();
  }

  public ServerConfig withSecurity(SecurityConfig newSecurity) {
    return toBuilder().security(newSecurity).build();
  }

  public ServerConfig withLimits(LimitsConfig newLimits) {
    return toBuilder().limits(newLimits).build();
  }

  public ServerConfig withMessageLimits(MessageLimits newLimits) {
    return toBuilder().messageLimits(newLimits).build();
  }

  /** The same limits with {@code bytes} for every method that has no limit of its own. */
  public ServerConfig withMaxInboundMessageBytes(int bytes) {
    return withMessageLimits(new MessageLimits(bytes, messageLimits.perMethod()));
  }

  /** A builder holding this config, to change a few parts of it. */
  public Builder toBuilder() {
    Builder builder = new Builder(host, port, shutdownGrace, messageLimits, security, limits);
    builder.modules.putAll(modules);
    return builder;
  }

  /** Builds a {@link ServerConfig}; the one place that lists every part. */
  public static final class Builder {
    private String host;
    private int port;
    private Duration shutdownGrace;
    private MessageLimits messageLimits;
    private SecurityConfig security;
    private LimitsConfig limits;
    private final Map<ServiceModule<?>, Object> modules = new LinkedHashMap<>();

    /** The server-wide parts; add each module's config with {@link #module}. */
    public Builder(String host, int port, Duration shutdownGrace, MessageLimits messageLimits,
        SecurityConfig security, LimitsConfig limits) {
      this.host = host;
      this.port = port;
      this.shutdownGrace = shutdownGrace;
      this.messageLimits = messageLimits;
      this.security = security;
      this.limits = limits;
    }

    public Builder host(String newHost) {
      host = newHost;
      return this;
    }

    public Builder port(int newPort) {
      port = newPort;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      shutdownGrace = grace;
      return this;
    }

    public Builder messageLimits(MessageLimits newLimits) {
      messageLimits = newLimits;
      return this;
    }

    public Builder security(SecurityConfig newSecurity) {
      security = newSecurity;
      return this;
    }

    public Builder limits(LimitsConfig newLimits) {
      limits = newLimits;
      return this;
    }

    public <C> Builder module(ServiceModule<C> module, C config) {
      modules.put(module, config);
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(host, port, shutdownGrace, messageLimits, security, limits, modules);
    }
  }
}
