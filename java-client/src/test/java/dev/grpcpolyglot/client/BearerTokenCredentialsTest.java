package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.Attributes;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token goes out over TLS or to loopback, and nowhere else in plaintext. */
class BearerTokenCredentialsTest {
  @TempDir Path dir;

  @Test
  void plaintextTokenToLoopbackIsSentAndAccepted() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "dev loopback-token-0123 greet\n");
    ServerConfig config = ServerConfig.forTests();
    try (NettyHarness server =
        NettyHarness.start(config.withSecurity(config.security().withAuthTokens(tokens)))) {
      ManagedChannel channel = server.register(Channels.open(
          ChannelSettings.plaintext(server.target()).withToken("loopback-token-0123")));
      assertEquals("hello:x", new HelloClient(channel).hello("x"));
    }
  }

  @Test
  void plaintextTokenToARemoteHostIsRefusedBeforeSending() {
    Applied applied = apply("api.example.com:443", SecurityLevel.NONE);
    assertNull(applied.headers.get());
    assertEquals(Status.Code.UNAUTHENTICATED, applied.failure.get().getCode());
    assertTrue(applied.failure.get().getDescription().contains("use --tls"));
    assertFalse(applied.failure.get().getDescription().contains("s3cret"));
  }

  @Test
  void tokenOverTlsIsSentToAnyHost() {
    Applied applied = apply("api.example.com:443", SecurityLevel.PRIVACY_AND_INTEGRITY);
    assertEquals("Bearer s3cret-token",
        applied.headers.get().get(BearerTokenCredentials.AUTHORIZATION));
  }

  @Test
  void loopbackRecognitionNeverTrustsNames() {
    assertTrue(BearerTokenCredentials.isLoopback("localhost:50051"));
    assertTrue(BearerTokenCredentials.isLoopback("127.0.0.1:50051"));
    assertTrue(BearerTokenCredentials.isLoopback("[::1]:50051"));
    assertTrue(BearerTokenCredentials.isLoopback("127.8.9.10"));
    assertFalse(BearerTokenCredentials.isLoopback("10.0.0.1:50051"));
    assertFalse(BearerTokenCredentials.isLoopback("localhost.evil.com:50051"));
    assertFalse(BearerTokenCredentials.isLoopback("[2001:db8::1]:443"));
  }

  @Test
  void serverRejectsTheWrongTokenWithUnauthenticated() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens.txt"), "dev right-token-0123 greet\n");
    ServerConfig config = ServerConfig.forTests();
    try (NettyHarness server =
        NettyHarness.start(config.withSecurity(config.security().withAuthTokens(tokens)))) {
      ManagedChannel channel = server.register(Channels.open(
          ChannelSettings.plaintext(server.target()).withToken("wrong-token-0123")));
      StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
          StatusRuntimeException.class, () -> new HelloClient(channel).hello("x"));
      assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
    }
  }

  private record Applied(AtomicReference<Metadata> headers, AtomicReference<Status> failure) {}

  private static Applied apply(String authority, SecurityLevel level) {
    Applied applied = new Applied(new AtomicReference<>(), new AtomicReference<>());
    new BearerTokenCredentials("s3cret-token").applyRequestMetadata(new CallCredentials.RequestInfo() {
      @Override
      public MethodDescriptor<?, ?> getMethodDescriptor() {
        return HelloServiceGrpc.getHelloMethod();
      }

      @Override
      public SecurityLevel getSecurityLevel() {
        return level;
      }

      @Override
      public String getAuthority() {
        return authority;
      }

      @Override
      public Attributes getTransportAttrs() {
        return Attributes.EMPTY;
      }
    }, Runnable::run, new CallCredentials.MetadataApplier() {
      @Override
      public void apply(Metadata headers) {
        applied.headers.set(headers);
      }

      @Override
      public void fail(Status status) {
        applied.failure.set(status);
      }
    });
    return applied;
  }
}
