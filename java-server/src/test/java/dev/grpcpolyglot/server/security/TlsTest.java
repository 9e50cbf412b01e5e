package dev.grpcpolyglot.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.logging.AccessLog;
import dev.grpcpolyglot.server.testing.LogCapture;
import dev.grpcpolyglot.server.testing.NettyHarness;
import dev.grpcpolyglot.server.testing.TestPki;
import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mutual TLS over a real Netty port, with certificates made by {@link TestPki}. */
class TlsTest {
  @TempDir Path dir;
  private TestPki ca;
  private Path caCert;
  private Path serverCert;
  private Path serverKey;

  @BeforeEach
  void makeCertificates() throws Exception {
    ca = TestPki.newCa("test CA");
    caCert = ca.writeCaCertificate(dir.resolve("ca.pem"));
    serverCert = dir.resolve("server.pem");
    serverKey = dir.resolve("server.key");
    ca.issueServer(serverCert, serverKey);
  }

  @Test
  void tlsCallWorks() throws Exception {
    try (NettyHarness server = NettyHarness.start(tlsConfig(null))) {
      assertEquals("hello:tls", hello(server.channel(trusting(caCert)), "tls"));
    }
  }

  @Test
  void plaintextClientOnTlsPortFailsCleanlyAndServerKeepsServing() throws Exception {
    try (NettyHarness server = NettyHarness.start(tlsConfig(null))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(InsecureChannelCredentials.create()), "plain"));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      assertEquals("hello:after", hello(server.channel(trusting(caCert)), "after"));
    }
  }

  @Test
  void clientTrustingAnotherCaFails() throws Exception {
    Path otherCa = TestPki.newCa("other CA").writeCaCertificate(dir.resolve("other-ca.pem"));
    try (NettyHarness server = NettyHarness.start(tlsConfig(null))) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(trusting(otherCa)), "x"));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }
  }

  @Test
  void mutualTlsRequiresAClientCertificateFromTheClientCa() throws Exception {
    Path clientCert = dir.resolve("client.pem");
    Path clientKey = dir.resolve("client.key");
    ca.issueClient("alice", clientCert, clientKey);
    TestPki stranger = TestPki.newCa("stranger CA");
    Path strangerCert = dir.resolve("stranger.pem");
    Path strangerKey = dir.resolve("stranger.key");
    stranger.issueClient("mallory", strangerCert, strangerKey);
    try (NettyHarness server = NettyHarness.start(tlsConfig(caCert))) {
      StatusRuntimeException noCert = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(trusting(caCert)), "anonymous"));
      assertEquals(Status.Code.UNAVAILABLE, noCert.getStatus().getCode());

      StatusRuntimeException wrongIssuer = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(withClientCert(strangerCert, strangerKey)), "mallory"));
      assertEquals(Status.Code.UNAVAILABLE, wrongIssuer.getStatus().getCode());

      assertEquals("hello:alice",
          hello(server.channel(withClientCert(clientCert, clientKey)), "alice"));
    }
  }

  /** Without a token, the access log names a mutual-TLS caller by its certificate's subject. */
  @Test
  void aMutualTlsCallIsLoggedWithItsCertificateSubject() throws Exception {
    Path clientCert = dir.resolve("client.pem");
    Path clientKey = dir.resolve("client.key");
    ca.issueClient("alice", clientCert, clientKey);
    ServerConfig config = tlsConfig(caCert);
    config = config.withSecurity(config.security().withAccessLog(true));
    List<String> lines;
    try (LogCapture capture = LogCapture.of(AccessLog.LOGGER_NAME)) {
      try (NettyHarness server = NettyHarness.start(config)) {
        ManagedChannel channel = server.channel(withClientCert(clientCert, clientKey));
        hello(channel, "one");
        hello(channel, "two");
      }
      lines = capture.messages();  // stopping the server wrote the queued lines
    }
    assertEquals(2, lines.size(), "one line per call: " + lines);
    for (String line : lines) {
      assertTrue(line.matches("rpc=go_protoc.HelloService/Hello peer=127\\.0\\.0\\.1:\\d+ "
          + "caller=cert:CN=alice status=OK .*"), line);
    }
  }

  @Test
  void certificateRotatedOnDiskIsServedToNewConnections() throws Exception {
    TestPki nextCa = TestPki.newCa("next CA");
    Path nextCaCert = nextCa.writeCaCertificate(dir.resolve("next-ca.pem"));
    ServerConfig config = tlsConfig(null);
    config = config.withSecurity(config.security().withReloadInterval(Duration.ofMillis(100)));
    try (NettyHarness server = NettyHarness.start(config)) {
      assertEquals("hello:old", hello(server.channel(trusting(caCert)), "old"));

      Path stagedCert = dir.resolve("next.pem");
      Path stagedKey = dir.resolve("next.key");
      nextCa.issueServer(stagedCert, stagedKey);
      // Replace the files in place, one after the other, as an operator or cert-manager would.
      Files.copy(stagedCert, serverCert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(stagedKey, serverKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

      // Bounded polling: each attempt is a new connection (a new handshake) with a short deadline.
      Instant deadline = Instant.now().plusSeconds(20);
      String reply = null;
      while (reply == null) {
        try {
          reply = hello(server.channel(trusting(nextCaCert)), "new");
        } catch (StatusRuntimeException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError("rotated certificate not served within 20 s", e);
          }
        }
      }
      assertEquals("hello:new", reply);
      StatusRuntimeException old = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(trusting(caCert)), "old"));
      assertEquals(Status.Code.UNAVAILABLE, old.getStatus().getCode());
    }
  }

  @Test
  void clientCaRotatedOnDiskIsTrustedForNewConnections() throws Exception {
    Path clientCa = dir.resolve("client-ca.pem");
    ca.writeCaCertificate(clientCa);
    TestPki nextClientCa = TestPki.newCa("next client CA");
    Path nextCert = dir.resolve("next-client.pem");
    Path nextKey = dir.resolve("next-client.key");
    nextClientCa.issueClient("bob", nextCert, nextKey);
    ServerConfig config = tlsConfig(clientCa);
    config = config.withSecurity(config.security().withReloadInterval(Duration.ofMillis(100)));
    try (NettyHarness server = NettyHarness.start(config)) {
      StatusRuntimeException before = assertThrows(StatusRuntimeException.class,
          () -> hello(server.channel(withClientCert(nextCert, nextKey)), "bob"));
      assertEquals(Status.Code.UNAVAILABLE, before.getStatus().getCode());

      nextClientCa.writeCaCertificate(clientCa);
      Instant deadline = Instant.now().plusSeconds(20);
      String reply = null;
      while (reply == null) {
        try {
          reply = hello(server.channel(withClientCert(nextCert, nextKey)), "bob");
        } catch (StatusRuntimeException e) {
          if (Instant.now().isAfter(deadline)) {
            throw new AssertionError("rotated client CA not trusted within 20 s", e);
          }
        }
      }
      assertEquals("hello:bob", reply);
    }
  }

  @Test
  void keyThatDoesNotMatchTheCertificateIsRefusedAtStartup() throws Exception {
    Path otherCert = dir.resolve("other.pem");
    Path otherKey = dir.resolve("other.key");
    ca.issueServer(otherCert, otherKey);
    ServerConfig config = ServerConfig.forTests();
    ServerConfig mismatched =
        config.withSecurity(config.security().withTls(serverCert, otherKey, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NettyHarness.start(mismatched));
    assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
  }

  private ServerConfig tlsConfig(Path clientCa) {
    ServerConfig config = ServerConfig.forTests();
    return config.withSecurity(config.security().withTls(serverCert, serverKey, clientCa));
  }

  private static ChannelCredentials trusting(Path ca) throws Exception {
    return TlsChannelCredentials.newBuilder().trustManager(ca.toFile()).build();
  }

  private ChannelCredentials withClientCert(Path cert, Path key) throws Exception {
    return TlsChannelCredentials.newBuilder()
        .trustManager(caCert.toFile())
        .keyManager(cert.toFile(), key.toFile())
        .build();
  }

  static String hello(Channel channel, String value) {
    return HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue(value).build())
        .getValue();
  }
}
