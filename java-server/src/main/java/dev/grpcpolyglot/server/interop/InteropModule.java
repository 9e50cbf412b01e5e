package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;
import java.util.Map;

/**
 * {@code grpc.testing.TestService}, for gRPC's interop suite (docs/interop.md); off unless
 * {@code --test-service}. Its config is whether it is on.
 */
public final class InteropModule implements ServiceModule<Boolean> {
  public static final InteropModule MODULE = new InteropModule();

  private InteropModule() {}

  @Override
  public Boolean defaults() {
    return false;
  }

  @Override
  public ModuleOptions<Boolean> options() {
    return new InteropOptions();
  }

  @Override
  public List<BindableService> bind(Boolean enabled, DomainMetrics metrics) {
    return enabled ? List.of(InteropTestService::definition) : List.of();
  }

  /** The interop cases' message sizes, larger than the server's default for UnaryCall. */
  @Override
  public Map<String, Integer> requestLimits(Boolean enabled) {
    return enabled ? InteropLimits.requestBytesByMethod() : Map.of();
  }
}
