package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.error.ReflectedDetailTypes;
import dev.grpcpolyglot.server.contact.IdempotencyKeys;
import dev.grpcpolyglot.server.inbound.MessageLimits;
import dev.grpcpolyglot.server.inbound.RequestGuard;
import dev.grpcpolyglot.server.inbound.UnknownMethods;
import dev.grpcpolyglot.server.lifecycle.DependentService;
import dev.grpcpolyglot.server.lifecycle.GracefulService;
import dev.grpcpolyglot.server.lifecycle.LongLivedCalls;
import dev.grpcpolyglot.server.lifecycle.CallExecutors;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.logging.AccessLog;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import dev.grpcpolyglot.server.metrics.ServerTelemetry;
import dev.grpcpolyglot.server.security.CallSecurity;
import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Owns the server's lifecycle: registers every module's services ({@link ServiceModules}) with
 * health and reflection, starts, and stops gracefully. It takes a {@link ServerBuilder} so tests
 * can hand it an in-process builder and {@link ServerMain} a Netty one.
 */
public final class PolyglotServer {
  private static final Logger logger = Logger.getLogger(PolyglotServer.class.getName());

  private final ServerConfig config;
  private final HealthStatusManager health = new HealthStatusManager();
  private final List<BindableService> services;
  private final Server server;
  private final CallSecurity callSecurity;
  private final AutoCloseable transportResources;
  private final AccessLog accessLog;
  private final CallExecutors callExecutors;
  private final LongLivedCalls longLivedCalls = new LongLivedCalls(Set.of(
      HealthGrpc.getWatchMethod().getFullMethodName(),
      ServerReflectionGrpc.getServerReflectionInfoMethod().getFullMethodName(),
      reflectionV1AlphaInfoMethod()));
  private boolean stopping;
  /**
   * Open until stop() has closed everything. Why: the JVM exits as soon as main returns from
   * blockUntilShutdown, and the signal thread may still be closing the task store or writing the
   * last access-log lines then.
   */
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A server on {@code builder}; auth and the access log are installed as {@code config} says. */
  public PolyglotServer(ServerBuilder<?> builder, ServerConfig config) {
    this(builder, config, () -> { });
  }

  /**
   * As above, and closes {@code transportResources} (e.g. the TLS certificate reloader of
   * {@link dev.grpcpolyglot.server.transport.NettyTransport}) once the server has stopped.
   * Throws {@link IllegalArgumentException} when a token or key file cannot be used.
   */
  public PolyglotServer(ServerBuilder<?> builder, ServerConfig config,
      AutoCloseable transportResources) {
    this(builder, config, transportResources, ServerTelemetry.NONE);
  }

  /** As above, with gRPC and service metrics reported to {@code telemetry}. */
  public PolyglotServer(ServerBuilder<?> builder, ServerConfig config,
      AutoCloseable transportResources, ServerTelemetry telemetry) {
    this.config = config;
    this.transportResources = transportResources;
    DomainMetrics metrics = telemetry.domain();
    List<BindableService> bound = new ArrayList<>();
    Map<String, Integer> moduleLimits = new HashMap<>();
    for (ServiceModule<?> module : ServiceModules.ALL) {
      bind(module, config, metrics, bound, moduleLimits);
    }
    this.services = List.copyOf(bound);
    telemetry.instrument(builder);
    // Every method of every service, health and reflection included, goes through the guard.
    MessageLimits limits = config.messageLimits().withMethods(moduleLimits);
    RequestGuard guard = new RequestGuard(limits);
    ReflectedDetailTypes detailTypes = new ReflectedDetailTypes();
    services.forEach(service ->
        builder.addService(guard.guard(detailTypes.attach(service.bindService()))));
    this.callExecutors = CallExecutors.install(builder, services);
    builder.addService(guard.guard(health.getHealthService().bindService()));
    builder.addService(guard.guard(ProtoReflectionServiceV1.newInstance().bindService()));
    // v1alpha is deprecated upstream but grpcurl and grpc_cli releases still in use only speak it.
    @SuppressWarnings("deprecation")
    BindableService reflectionV1Alpha = ProtoReflectionService.newInstance();
    builder.addService(guard.guard(reflectionV1Alpha.bindService()));
    builder.fallbackHandlerRegistry(new UnknownMethods());
    // The transport admits the largest message any method does; the guard applies each
    // method's own limit.
    builder.maxInboundMessageSize(limits.largest());
    builder.intercept(longLivedCalls);
    builder.intercept(new IdempotencyKeys());
    this.callSecurity = CallSecurity.create(config.security());
    callSecurity.interceptor().ifPresent(builder::intercept);
    if (config.security().accessLog()) {
      // A stream tracer sees every call's final status, also those refused by authentication or
      // ended by the transport before any handler ran.
      this.accessLog = new AccessLog(metrics);
      builder.addStreamTracerFactory(accessLog);
      builder.addTransportFilter(accessLog.transportFilter());
    } else {
      this.accessLog = null;
    }
    this.server = builder.build();
  }

  /** Binds {@code module} with its config; adds its services and its request limits. */
  private static <C> void bind(ServiceModule<C> module, ServerConfig config,
      DomainMetrics metrics, List<BindableService> services, Map<String, Integer> limits) {
    C moduleConfig = config.configOf(module);
    services.addAll(module.bind(moduleConfig, metrics));
    limits.putAll(module.requestLimits(moduleConfig));
  }

  @SuppressWarnings("deprecation")
  private static String reflectionV1AlphaInfoMethod() {
    return io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServerReflectionInfoMethod()
        .getFullMethodName();
  }

  /** Binds and marks every service SERVING. */
  public PolyglotServer start() throws IOException {
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      closeResources();
      throw e;
    }
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    for (String name : serviceNames()) {
      health.setStatus(name, ServingStatus.SERVING);
    }
    for (BindableService service : services) {
      if (service instanceof DependentService dependent) {
        String name = service.bindService().getServiceDescriptor().getName();
        // Only that service: the others keep serving, and so does the server as a whole ("").
        // After stop() the health service is terminal and ignores these.
        dependent.watchAvailability(available -> health.setStatus(name,
            available ? ServingStatus.SERVING : ServingStatus.NOT_SERVING));
      }
    }
    return this;
  }

  /** Full names of every registered service (contract services, health, reflection). */
  public List<String> serviceNames() {
    return server.getServices().stream()
        .map(ServerServiceDefinition::getServiceDescriptor)
        .map(descriptor -> descriptor.getName())
        .toList();
  }

  /** Full names ("pkg.Service/Method") of every method the server serves. */
  public List<String> methodNames() {
    return methods().stream().map(MethodDescriptor::getFullMethodName).toList();
  }

  /** Every method the server serves, as registered (so tests cover new ones unasked). */
  public List<MethodDescriptor<?, ?>> methods() {
    return server.getServices().stream()
        .flatMap(service -> service.getMethods().stream())
        .<MethodDescriptor<?, ?>>map(ServerMethodDefinition::getMethodDescriptor)
        .toList();
  }

  /** The first bound socket address (with the real port when the config asked for port 0). */
  public SocketAddress listenAddress() {
    return server.getListenSockets().get(0);
  }

  /** The real bound port, for a Netty server. */
  public int port() {
    return ((InetSocketAddress) listenAddress()).getPort();
  }

  /**
   * Graceful stop: health turns NOT_SERVING (so probes and balancers drain us), new calls are
   * refused, long-lived streams (Watch, reflection, Contact's workers and chats) end at once with
   * UNAVAILABLE, the remaining in-flight calls get the grace period, then whatever is left is
   * cancelled. Safe to call more than once and from any thread.
   */
  public void stop() throws InterruptedException {
    synchronized (this) {
      if (stopping) {
        stopped.await();
        return;
      }
      stopping = true;
    }
    try {
      drainAndClose();
    } finally {
      stopped.countDown();
    }
  }

  private void drainAndClose() throws InterruptedException {
    health.enterTerminalState();
    for (BindableService service : services) {
      if (service instanceof GracefulService graceful) {
        graceful.beginShutdown();
      }
    }
    server.shutdown();
    // After shutdown(), so no new Watch or reflection stream can open behind our back; after
    // NOT_SERVING, which the health service has already written to every Watch stream.
    longLivedCalls.endAll();
    long graceMillis = config.shutdownGrace().toMillis();
    if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
      logger.warning("calls still running after the " + config.shutdownGrace()
          + " grace period; cancelling them");
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    closeResources();
  }

  /**
   * Stops the credential reloaders (they hold no connections, so order does not matter) and
   * closes services that hold resources (the task store), now that no call runs.
   */
  private void closeResources() {
    callSecurity.close();
    for (BindableService service : services) {
      if (service instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          logger.warning("could not close " + service.getClass().getSimpleName() + ": " + e);
        }
      }
    }
    callExecutors.close();
    try {
      transportResources.close();
    } catch (Exception e) {
      logger.warning("could not close transport resources: " + e);
    }
    if (accessLog != null) {
      try {
        // Last: every call has ended, so its line is queued; this writes them out.
        accessLog.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Blocks until the server has terminated and {@link #stop} has closed every resource. */
  public void blockUntilShutdown() throws InterruptedException {
    server.awaitTermination();
    synchronized (this) {
      if (!stopping) {
        return;
      }
    }
    stopped.await();
  }
}
