package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.helloworld.GreeterGrpc;
import dev.grpcpolyglot.proto.helloworld.HelloRequest;
import dev.grpcpolyglot.server.testing.Reflection;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server started as main starts it, over a real Netty port on loopback. */
class ServerMainTest {
  @TempDir Path tmp;

  @Test
  void servesEveryServiceOverNettyOnAFreePort() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PolyglotServer server = ServerMain.launch(
        new String[] {"--port", "0", "--files-root", tmp.resolve("files").toString(),
            "--data-dir", tmp.resolve("data").toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    ManagedChannel channel = null;
    try {
      String line = out.toString(StandardCharsets.UTF_8).trim();
      assertEquals("listening on 127.0.0.1:" + server.port(), line);
      assertTrue(server.port() > 0);

      channel = Grpc.newChannelBuilder(line.substring("listening on ".length()),
          InsecureChannelCredentials.create()).build();
      assertEquals("hello:test", HelloServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("test").build())
          .getValue());
      GreeterGrpc.GreeterBlockingStub greeter =
          GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      assertEquals("Hello, you!",
          greeter.sayHello(HelloRequest.newBuilder().setName("you").build()).getMessage());
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService("Contact").build()).getStatus());
      assertTrue(Reflection.listV1(channel)
          .containsAll(HealthAndReflectionTest.CONTRACT_SERVICES));
    } finally {
      if (channel != null) {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      server.stop();
    }
  }

  @Test
  void helpPrintsEveryFlagAndStartsNothing() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertNull(ServerMain.launch(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String flag : new String[] {"--port", "--host", "--shutdown-grace", "--files-root",
        "--max-inbound-message-size"}) {
      assertTrue(help.contains(flag), flag + " missing from --help:\n" + help);
    }
  }

  @Test
  void ipv6HostsAreBracketed() {
    assertEquals("[::1]:50051", ServerMain.formatHostPort("::1", 50051));
    assertEquals("127.0.0.1:0", ServerMain.formatHostPort("127.0.0.1", 0));
  }

  @Test
  void badConfigIsRefusedWithAMessage() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> ServerConfig.forTests().withShutdownGrace(java.time.Duration.ofSeconds(-1)));
    assertTrue(e.getMessage().contains("grace"), e.getMessage());
    assertTrue(Files.isDirectory(tmp));
  }
}
