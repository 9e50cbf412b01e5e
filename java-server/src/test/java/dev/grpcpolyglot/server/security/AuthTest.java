package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.Bearer;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.TestJwts;
import io.grpc.CallCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens and JWTs against a real Netty server: who gets in, and with which scope. */
class AuthTest {
  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String NOBODY = "nobody-token-0123456789abcdef";
  private static final String HASHED = "hashed-token-0123456789abcdef";

  @TempDir Path dir;
  private Path tokens;
  private TestJwts issuer;
  private NettyHarness server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    String hashed = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(HASHED.getBytes()));
    tokens = dir.resolve("tokens.txt");
    java.nio.file.Files.writeString(tokens, String.join("\n",
        "# NAME  TOKEN  SCOPES",
        "alice   " + ALICE + "   greet files:read",
        "",
        "nobody  " + NOBODY,
        "hashed  sha256:" + hashed + "  greet"));
    issuer = TestJwts.newIssuer("key-1");
    Path publicKey = issuer.writePublicKeyPem(dir.resolve("jwt.pub"));
    ServerConfig config = ServerConfig.forTests();
    server = NettyHarness.start(config.withSecurity(config.security()
        .withReloadInterval(Duration.ofMillis(100))
        .withAuthTokens(tokens)
        .withJwt(publicKey, null, TestJwts.ISSUER, TestJwts.AUDIENCE)));
    channel = server.channel(InsecureChannelCredentials.create());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void noTokenIsUnauthenticated() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> hello(null));
    assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("authorization: Bearer"));
  }

  @Test
  void unknownTokenIsUnauthenticated() {
    assertStatus(Status.Code.UNAUTHENTICATED, "unknown bearer token",
        () -> hello(Bearer.token("not-a-token-we-know")));
  }

  @Test
  void tokenWithoutTheScopeIsPermissionDeniedNamingTheScope() {
    assertStatus(Status.Code.PERMISSION_DENIED, "needs scope 'greet'",
        () -> hello(Bearer.token(NOBODY)));
    assertStatus(Status.Code.PERMISSION_DENIED, "needs scope 'files:write'",
        () -> FileControllerGrpc.newBlockingStub(channel).withCallCredentials(Bearer.token(ALICE))
            .withDeadlineAfter(5, TimeUnit.SECONDS)
            .write(Files.newBuilder().setFilename("a.txt").setText("x").build()));
  }

  @Test
  void tokenWithTheScopeIsServed() {
    assertEquals("hello:ok", hello(Bearer.token(ALICE)));
    assertEquals("hello:ok", hello(Bearer.token(HASHED)));
  }

  @Test
  void healthStaysOpenWithoutCredentials() {
    assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().setService("go_protoc.HelloService").build())
        .getStatus());
  }

  @Test
  void validJwtWithScopeIsServed() {
    assertEquals("hello:ok", hello(Bearer.token(issuer.token("svc-a", "files:read greet"))));
    String scpArray = issuer.sign(issuer.claims("svc-b").claim("scp", List.of("greet")).build());
    assertEquals("hello:ok", hello(Bearer.token(scpArray)));
  }

  @Test
  void validJwtWithoutScopeIsPermissionDenied() {
    assertStatus(Status.Code.PERMISSION_DENIED, "needs scope 'greet'",
        () -> hello(Bearer.token(issuer.token("svc-a", "files:read"))));
  }

  @Test
  void expiredJwtIsUnauthenticated() {
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(10));
    String expired = issuer.sign(issuer.claims("svc").claim("scope", "greet")
        .issueTime(Date.from(longAgo.minusSeconds(60))).expirationTime(Date.from(longAgo)).build());
    assertStatus(Status.Code.UNAUTHENTICATED, "Expired JWT", () -> hello(Bearer.token(expired)));
  }

  @Test
  void jwtNotYetValidIsUnauthenticated() {
    String early = issuer.sign(issuer.claims("svc").claim("scope", "greet")
        .notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(10)))).build());
    assertStatus(Status.Code.UNAUTHENTICATED, "invalid JWT", () -> hello(Bearer.token(early)));
  }

  @Test
  void jwtForAnotherAudienceIsUnauthenticated() {
    String other = issuer.sign(issuer.claims("svc").claim("scope", "greet")
        .audience("another-service").build());
    assertStatus(Status.Code.UNAUTHENTICATED, "audience", () -> hello(Bearer.token(other)));
  }

  @Test
  void jwtFromAnotherIssuerIsUnauthenticated() {
    String other = issuer.sign(issuer.claims("svc").claim("scope", "greet")
        .issuer("https://evil.test").build());
    assertStatus(Status.Code.UNAUTHENTICATED, "iss", () -> hello(Bearer.token(other)));
  }

  @Test
  void jwtSignedByAnotherKeyIsUnauthenticated() throws Exception {
    String forged = TestJwts.newIssuer("key-1").token("svc", "greet");
    assertStatus(Status.Code.UNAUTHENTICATED, "invalid JWT", () -> hello(Bearer.token(forged)));
  }

  @Test
  void unsignedJwtIsUnauthenticated() {
    String valid = issuer.token("svc", "greet");
    String payload = valid.split("\\.")[1];
    String none = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + payload + ".";
    assertStatus(Status.Code.UNAUTHENTICATED, "invalid JWT", () -> hello(Bearer.token(none)));
  }

  @Test
  void tokenFileRewrittenOnDiskIsReloaded() throws Exception {
    String fresh = "fresh-token-0123456789abcdef";
    java.nio.file.Files.writeString(tokens, "carol " + fresh + " greet\n");
    Instant deadline = Instant.now().plusSeconds(20);
    while (true) {
      try {
        assertEquals("hello:ok", hello(Bearer.token(fresh)));
        break;
      } catch (StatusRuntimeException e) {
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        if (Instant.now().isAfter(deadline)) {
          throw new AssertionError("rewritten token file not reloaded within 20 s", e);
        }
      }
    }
    assertStatus(Status.Code.UNAUTHENTICATED, "unknown bearer token",
        () -> hello(Bearer.token(ALICE)));
  }

  private String hello(CallCredentials credentials) {
    HelloServiceGrpc.HelloServiceBlockingStub stub =
        HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    if (credentials != null) {
      stub = stub.withCallCredentials(credentials);
    }
    return stub.hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("ok").build())
        .getValue();
  }

  private static void assertStatus(Status.Code code, String inMessage, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    String description = e.getStatus().getDescription();
    assertTrue(description != null && description.contains(inMessage),
        "expected '" + inMessage + "' in: " + description);
  }
}
