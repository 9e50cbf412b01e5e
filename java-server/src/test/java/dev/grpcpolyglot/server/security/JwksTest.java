package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.Bearer;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.TestJwts;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWTs verified against a JWKS file: the token's kid picks the key. */
class JwksTest {
  @TempDir Path dir;

  @Test
  void tokenSignedByAKeyInTheSetIsServedAndAnUnknownKidIsNot() throws Exception {
    TestJwts issuer = TestJwts.newIssuer("key-2026");
    Path jwks = issuer.writeJwks(dir.resolve("jwks.json"));
    ServerConfig config = ServerConfig.forTests();
    try (NettyHarness server = NettyHarness.start(config.withSecurity(config.security()
        .withJwt(null, jwks, TestJwts.ISSUER, TestJwts.AUDIENCE)))) {
      Channel channel = server.channel(InsecureChannelCredentials.create());
      assertEquals("hello:ok", hello(channel, issuer.token("svc", "greet")));

      String unknownKid = TestJwts.newIssuer("key-other").token("svc", "greet");
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> hello(channel, unknownKid));
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }
  }

  private static String hello(Channel channel, String token) {
    return HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .withCallCredentials(Bearer.token(token))
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("ok").build())
        .getValue();
  }
}
