package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --test-service as docs/server.md shows it: a flag that also takes =BOOL, like --access-log. */
class ServerOptionsTestServiceTest {
  @Test
  void testServiceIsAFlagThatAlsoTakesABoolean() {
    assertFalse(parse().testService().enabled());
    assertTrue(parse("--test-service").testService().enabled());
    assertTrue(parse("--test-service=true").testService().enabled());
    assertFalse(parse("--test-service=false").testService().enabled());
  }

  @Test
  void helpShowsTheBooleanAsTheDocsDo() {
    String usage = new CommandLine(new ServerOptions()).getUsageMessage();
    assertTrue(usage.contains("--test-service[=BOOL]"), usage);
    assertEquals(-1, usage.indexOf("[--test-service]"), usage);
  }

  private static ServerConfig parse(String... args) {
    ServerOptions options = new ServerOptions();
    new CommandLine(options).parseArgs(args);
    return options.toConfig();
  }
}
