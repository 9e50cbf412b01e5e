package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java CLI against a real server with mutual TLS and bearer tokens: the session of
 * docs/security.md, and each way of getting it wrong.
 */
class SecureConnectionTest {
  private static final String TOKEN = "cli-token-0123456789abcdef";

  @TempDir Path dir;
  private Path ca;
  private Path clientCert;
  private Path clientKey;
  private NettyHarness server;

  @BeforeEach
  void start() throws Exception {
    TestPki pki = TestPki.newCa("cli test CA");
    ca = pki.writeCaCertificate(dir.resolve("ca.pem"));
    Path serverCert = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server.key");
    pki.issueServer(serverCert, serverKey);
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    pki.issueClient("cli", clientCert, clientKey);
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "cli " + TOKEN + " greet\n");
    ServerConfig config = ServerConfig.forTests();
    server = NettyHarness.start(config.withSecurity(config.security()
        .withTls(serverCert, serverKey, ca).withAuthTokens(tokens)));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void mutualTlsWithTokenCallsEveryGreetingService() {
    Result result = run(secure("--token", TOKEN, "hello", "greeter", "muxs-greeter", "health"));
    assertEquals(0, result.code, result.err);
    assertTrue(result.out.contains("go_protoc.HelloService/Hello(\"test\") -> hello:test"),
        result.out);
    assertTrue(result.out.contains("-> Hello, you!"), result.out);
  }

  @Test
  void withoutTokenCallsAreUnauthenticatedButHealthIsOpen() {
    Result result = run(secure("hello", "health"));
    assertEquals(1, result.code);
    assertTrue(result.err.contains("FAILED: UNAUTHENTICATED"), result.err);
    assertFalse(result.out.contains("hello:test"));
    assertTrue(result.out.contains("SERVING"), result.out);
  }

  @Test
  void withoutClientCertificateTheHandshakeFails() {
    Result result = run(List.of("--target", server.target(), "--tls", "--ca-file", ca.toString(),
        "--server-name", "localhost", "--token", TOKEN, "hello"));
    assertEquals(1, result.code);
    assertTrue(result.err.contains("FAILED: UNAVAILABLE"), result.err);
  }

  @Test
  void plaintextToTheTlsPortFailsCleanly() {
    Result result = run(List.of("--target", server.target(), "--token", TOKEN, "hello"));
    assertEquals(1, result.code);
    assertTrue(result.err.contains("FAILED: UNAVAILABLE"), result.err);
  }

  @Test
  void unreadableTlsFilesAreAUsageError() {
    Result result = run(List.of("--target", server.target(), "--ca-file",
        dir.resolve("missing.pem").toString(), "hello"));
    assertEquals(2, result.code);
    assertTrue(result.err.contains("missing.pem"), result.err);
  }

  private List<String> secure(String... rest) {
    List<String> args = new ArrayList<>(List.of("--target", server.target(), "--tls",
        "--ca-file", ca.toString(), "--cert-file", clientCert.toString(),
        "--key-file", clientKey.toString(), "--server-name", "localhost"));
    args.addAll(List.of(rest));
    return args;
  }

  private record Result(int code, String out, String err) {}

  private static Result run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ClientMain.run(args.toArray(String[]::new),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
