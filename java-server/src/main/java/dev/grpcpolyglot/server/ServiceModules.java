package dev.grpcpolyglot.server;

import dev.grpcpolyglot.server.contact.ContactModule;
import dev.grpcpolyglot.server.files.FilesModule;
import dev.grpcpolyglot.server.gcn.GcnModule;
import dev.grpcpolyglot.server.greeter.GreeterModule;
import dev.grpcpolyglot.server.hello.HelloModule;
import dev.grpcpolyglot.server.interop.InteropModule;
import dev.grpcpolyglot.server.lifecycle.ServiceModule;
import dev.grpcpolyglot.server.routeguide.RouteGuideModule;
import java.util.List;

/**
 * Every service the server can serve, one line each: the only central place a new service is
 * named. The order is the order of registration (and of the services' flags in --help).
 */
public final class ServiceModules {
  public static final List<ServiceModule<?>> ALL = List.of(
      HelloModule.MODULE,
      GreeterModule.MODULE,
      FilesModule.MODULE,
      GcnModule.MODULE,
      ContactModule.MODULE,
      RouteGuideModule.MODULE,
      InteropModule.MODULE);

  private ServiceModules() {}
}
