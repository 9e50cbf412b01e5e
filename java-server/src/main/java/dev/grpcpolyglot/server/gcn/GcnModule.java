package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** {@code GCNService} and its {@code --gcn-*} flags. */
public final class GcnModule implements ServiceModule<GcnConfig> {
  public static final GcnModule MODULE = new GcnModule();

  private GcnModule() {}

  @Override
  public GcnConfig defaults() {
    return GcnConfig.defaults();
  }

  @Override
  public ModuleOptions<GcnConfig> options() {
    return new GcnOptions();
  }

  @Override
  public List<BindableService> bind(GcnConfig config, DomainMetrics metrics) {
    return List.of(new GcnService(config, metrics));
  }
}
