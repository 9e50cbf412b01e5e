package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The security and limit flags reach the config, and inconsistent combinations are refused. */
class ServerOptionsSecurityTest {
  @Test
  void securityAndLimitFlagsReachTheConfig() {
    ServerConfig config = parse("--tls-cert", "s.pem", "--tls-key", "s.key",
        "--tls-client-ca", "ca.pem", "--auth-tokens", "t.txt", "--jwt-jwks", "k.json",
        "--jwt-issuer", "iss", "--jwt-audience", "aud", "--reflection-open", "--access-log=false",
        "--max-concurrent-calls-per-connection", "7", "--permit-keepalive-time", "30s",
        "--max-connection-age", "10m", "--handshake-timeout", "3s");
    assertEquals(Path.of("s.pem"), config.security().tlsCert());
    assertTrue(config.security().mutualTls());
    assertTrue(config.security().authEnabled());
    assertEquals("aud", config.security().jwtAudience());
    assertTrue(config.security().reflectionOpen());
    assertFalse(config.security().accessLog());
    assertEquals(7, config.limits().maxConcurrentCallsPerConnection());
    assertEquals(Duration.ofSeconds(30), config.limits().permitKeepAliveTime());
    assertEquals(Duration.ofMinutes(10), config.limits().maxConnectionAge());
    assertEquals(Duration.ofSeconds(3), config.limits().handshakeTimeout());
  }

  @Test
  void defaultsArePlaintextWithoutAuthWithAccessLog() {
    ServerConfig config = parse();
    assertFalse(config.security().tlsEnabled());
    assertFalse(config.security().authEnabled());
    assertTrue(config.security().accessLog());
    assertEquals(1000, config.limits().maxConcurrentCallsPerConnection());
  }

  @Test
  void inconsistentCombinationsAreRefusedWithAClearMessage() {
    assertRefused("--tls-cert and --tls-key go together", "--tls-cert", "s.pem");
    assertRefused("needs --tls-cert", "--tls-client-ca", "ca.pem");
    assertRefused("needs --jwt-issuer and --jwt-audience", "--jwt-public-key", "k.pem");
    assertRefused("not both", "--jwt-public-key", "k.pem", "--jwt-jwks", "k.json",
        "--jwt-issuer", "i", "--jwt-audience", "a");
  }

  private static void assertRefused(String expected, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static ServerConfig parse(String... args) {
    ServerOptions options = new ServerOptions();
    ServerOptions.commandLine(options).parseArgs(args);
    return options.toConfig();
  }
}
