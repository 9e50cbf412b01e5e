package dev.grpcpolyglot.server.interop;

import dev.grpcpolyglot.server.lifecycle.ModuleOptions;
import picocli.CommandLine.Option;

/** Command-line flags of grpc.testing.TestService (a picocli mixin of the server command). */
public final class InteropOptions implements ModuleOptions<InteropConfig> {
  @Option(names = "--test-service", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
      defaultValue = "${env:POLYGLOT_TEST_SERVICE:-false}",
      description = "Also serve grpc.testing.TestService, for the interop suite; "
          + "--test-service=false overrides the env (env POLYGLOT_TEST_SERVICE).")
  boolean enabled;

  @Option(names = "--test-service-max-response-size", paramLabel = "BYTES",
      defaultValue = "${env:POLYGLOT_TEST_SERVICE_MAX_RESPONSE_SIZE:-1048576}",
      description = "TestService: largest response payload a request may ask for; more is "
          + "INVALID_ARGUMENT (env POLYGLOT_TEST_SERVICE_MAX_RESPONSE_SIZE).")
  int maxResponseBytes;

  @Option(names = "--test-service-max-responses", paramLabel = "N",
      defaultValue = "${env:POLYGLOT_TEST_SERVICE_MAX_RESPONSES:-1000}",
      description = "TestService: most responses one request may ask for (more is "
          + "INVALID_ARGUMENT), and one HalfDuplexCall may collect (more is RESOURCE_EXHAUSTED) "
          + "(env POLYGLOT_TEST_SERVICE_MAX_RESPONSES).")
  int maxResponses;

  @Override
  public InteropConfig toConfig() {
    return new InteropConfig(enabled, maxResponseBytes, maxResponses);
  }
}
