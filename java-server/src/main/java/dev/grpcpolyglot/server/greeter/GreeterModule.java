package dev.grpcpolyglot.server.greeter;

import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import io.grpc.BindableService;
import java.util.List;

/** The two identical Greeters, {@code helloworld.Greeter} and {@code muxs.Greeter}: no flags. */
public final class GreeterModule implements ServiceModule<Void> {
  public static final GreeterModule MODULE = new GreeterModule();

  private GreeterModule() {}

  @Override
  public Void defaults() {
    return null;
  }

  @Override
  public List<BindableService> bind(Void config, DomainMetrics metrics) {
    return List.of(new HelloWorldGreeterService(), new MuxsGreeterService());
  }
}
