package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import picocli.CommandLine.Option;

/** The flag that turns gRPC's interop TestService on (a picocli mixin of the server command). */
public final class InteropOptions implements ModuleOptions<Boolean> {
  @Option(names = "--test-service", defaultValue = "${env:POLYGLOT_TEST_SERVICE:-false}",
      description = "Also serve grpc.testing.TestService, for the interop suite "
          + "(env POLYGLOT_TEST_SERVICE).")
  boolean testService;

  @Override
  public Boolean toConfig() {
    return testService;
  }
}
