package dev.grpcpolyglot.server.hello;

import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** {@code go_protoc.HelloService}: no flags, no config. */
public final class HelloModule implements ServiceModule<Void> {
  public static final HelloModule MODULE = new HelloModule();

  private HelloModule() {}

  @Override
  public Void defaults() {
    return null;
  }

  @Override
  public List<BindableService> bind(Void config, DomainMetrics metrics) {
    return List.of(new HelloService());
  }
}
