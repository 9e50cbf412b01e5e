package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.interop.InteropModule;
import org.junit.jupiter.api.Test;

/** --test-service as docs/server.md shows it: a flag that also takes =BOOL, like --access-log. */
class ServerOptionsTestServiceTest {
  @Test
  void testServiceIsAFlagThatAlsoTakesABoolean() {
    assertFalse(parse().configOf(InteropModule.MODULE).enabled());
    assertTrue(parse("--test-service").configOf(InteropModule.MODULE).enabled());
    assertTrue(parse("--test-service=true").configOf(InteropModule.MODULE).enabled());
    assertFalse(parse("--test-service=false").configOf(InteropModule.MODULE).enabled());
  }

  @Test
  void helpShowsTheBooleanAsTheDocsDo() {
    String usage = ServerOptions.commandLine(new ServerOptions()).getUsageMessage();
    assertTrue(usage.contains("--test-service[=BOOL]"), usage);
    assertEquals(-1, usage.indexOf("[--test-service]"), usage);
  }

  private static ServerConfig parse(String... args) {
    ServerOptions options = new ServerOptions();
    ServerOptions.commandLine(options).parseArgs(args);
    return options.toConfig();
  }
}
