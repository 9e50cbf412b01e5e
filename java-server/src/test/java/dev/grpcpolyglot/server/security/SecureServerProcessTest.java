package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.testing.Bearer;
import dev.grpcpolyglot.server.testing.ServerProcess;
import dev.grpcpolyglot.server.testing.TestJwts;
import dev.grpcpolyglot.server.testing.TestPki;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The security flags as an operator types them, on a real server process. */
class SecureServerProcessTest {
  private static final String TOKEN = "process-token-0123456789";

  @TempDir Path dir;

  @Test
  void everySecurityFlagTogetherServesAnAuthorizedMutualTlsClient() throws Exception {
    TestPki pki = TestPki.newCa("process CA");
    Path ca = pki.writeCaCertificate(dir.resolve("ca.pem"));
    pki.issueServer(dir.resolve("server.pem"), dir.resolve("server.key"));
    pki.issueClient("process-client", dir.resolve("client.pem"), dir.resolve("client.key"));
    Files.writeString(dir.resolve("tokens.txt"), "ops " + TOKEN + " greet\n");
    TestJwts jwts = TestJwts.newIssuer("k1");
    jwts.writePublicKeyPem(dir.resolve("jwt.pub"));
    Path log = dir.resolve("server.err");
    List<String> args = new ArrayList<>(List.of("--port", "0",
        "--files-root", dir.resolve("files").toString(),
        "--tls-cert", dir.resolve("server.pem").toString(),
        "--tls-key", dir.resolve("server.key").toString(),
        "--tls-client-ca", ca.toString(),
        "--auth-tokens", dir.resolve("tokens.txt").toString(),
        "--jwt-public-key", dir.resolve("jwt.pub").toString(),
        "--jwt-issuer", TestJwts.ISSUER, "--jwt-audience", TestJwts.AUDIENCE,
        "--max-concurrent-calls-per-connection", "100", "--handshake-timeout", "5s",
        "--shutdown-grace", "2s"));
    try (ServerProcess server = ServerProcess.start(List.of(), args, log)) {
      ManagedChannel channel = Grpc.newChannelBuilder(server.address(),
          TlsChannelCredentials.newBuilder().trustManager(ca.toFile())
              .keyManager(dir.resolve("client.pem").toFile(), dir.resolve("client.key").toFile())
              .build()).build();
      try {
        String jwt = jwts.token("robot", "greet");
        for (String token : List.of(TOKEN, jwt)) {
          assertEquals("hello:p", HelloServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS).withCallCredentials(Bearer.token(token))
              .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("p").build())
              .getValue());
        }
        channel.shutdownNow();
        assertEquals(0, server.terminate(30));
        String stderr = Files.readString(log);
        assertTrue(stderr.contains("(mutual TLS, auth on)"), stderr);
        assertTrue(stderr.contains("caller=ops status=OK"), stderr);
        assertTrue(stderr.contains("caller=jwt:robot status=OK"), stderr);
        assertFalse(stderr.contains(TOKEN) || stderr.contains(jwt), "a token leaked: " + stderr);
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void malformedTokenFileStopsStartupWithExit2AndNoStackTrace() throws Exception {
    Files.writeString(dir.resolve("tokens.txt"), "ops secret-token-value greet\nbroken\n");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.grpcpolyglot.server.ServerMain",
        "--port", "0", "--auth-tokens", dir.resolve("tokens.txt").toString(),
        "--contact-store", "memory");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("error: cannot set up authentication:"), output);
    assertTrue(output.contains("line 2: expected 'NAME TOKEN [SCOPE...]'"), output);
    assertFalse(output.contains("\tat "), "no stack trace: " + output);
    assertFalse(output.contains("secret-token-value"), output);
  }
}
