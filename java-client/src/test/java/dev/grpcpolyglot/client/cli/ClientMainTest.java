package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI against the real server over a Netty port on loopback. */
class ClientMainTest {
  private PolyglotServer server;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws Exception {
    server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        ServerConfig.forTests()).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  @Test
  void printsEveryReplyOfTheChosenServices() {
    int code = run("--target", "127.0.0.1:" + server.port(), "hello", "greeter", "muxs-greeter",
        "health");
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("go_protoc.HelloService/Hello(\"test\") -> hello:test\n"), printed);
    assertTrue(printed.contains("helloworld.Greeter/SayHello(\"you\") -> Hello, you!\n"), printed);
    assertTrue(printed.contains("helloworld.Greeter/Square(231) -> 15.198684\n"), printed);
    assertTrue(printed.contains("muxs.Greeter/SayHello(\"you\") -> Hello, you!\n"), printed);
    assertTrue(printed.contains("muxs.Greeter/Square(231) -> 15.198684\n"), printed);
    assertTrue(printed.contains("grpc.health.v1.Health/Check(\"GCNService\") -> SERVING\n"), printed);
  }

  @Test
  void unknownServiceIsAUsageError() {
    assertEquals(2, run("--target", "127.0.0.1:" + server.port(), "nope"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown service 'nope'"));
  }

  @Test
  void failedCallsExitOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertEquals(1, run("--target", "127.0.0.1:" + closedPort, "--deadline", "2", "hello"));
    String errors = err.toString(StandardCharsets.UTF_8);
    assertTrue(errors.contains("go_protoc.HelloService/Hello(\"test\") FAILED: UNAVAILABLE"), errors);
  }

  private int run(String... args) {
    return ClientMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }
}
