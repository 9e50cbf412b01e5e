package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;
import java.util.Map;

/**
 * {@code grpc.testing.TestService}, for gRPC's interop suite (docs/interop.md); off unless
 * {@code --test-service}. Its config is whether it is on and the bounds on what one call may
 * ask of it.
 */
public final class InteropModule implements ServiceModule<InteropConfig> {
  public static final InteropModule MODULE = new InteropModule();

  private InteropModule() {}

  @Override
  public InteropConfig defaults() {
    return InteropConfig.off();
  }

  @Override
  public ModuleOptions<InteropConfig> options() {
    return new InteropOptions();
  }

  @Override
  public List<BindableService> bind(InteropConfig config, DomainMetrics metrics) {
    return config.enabled() ? List.of(() -> InteropTestService.definition(config)) : List.of();
  }

  /** The interop cases' message sizes, larger than the server's default for UnaryCall. */
  @Override
  public Map<String, Integer> requestLimits(InteropConfig config) {
    return config.enabled() ? InteropLimits.requestBytesByMethod() : Map.of();
  }
}
