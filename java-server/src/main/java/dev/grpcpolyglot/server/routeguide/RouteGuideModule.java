package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** {@code routeguide.RouteGuide} and its {@code --routeguide-*} flags. */
public final class RouteGuideModule implements ServiceModule<RouteGuideConfig> {
  public static final RouteGuideModule MODULE = new RouteGuideModule();

  private RouteGuideModule() {}

  @Override
  public RouteGuideConfig defaults() {
    return RouteGuideConfig.defaults();
  }

  @Override
  public ModuleOptions<RouteGuideConfig> options() {
    return new RouteGuideOptions();
  }

  @Override
  public List<BindableService> bind(RouteGuideConfig config, DomainMetrics metrics) {
    return List.of(new RouteGuideService(config));
  }
}
