package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's GCN demo and subcommands over a real loopback port. */
class GcnCommandsTest {
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

  /** Runs the CLI; {@code TARGET} in args becomes the server's address. */
  private int run(String... args) {
    String[] resolved = args.clone();
    for (int i = 0; i < resolved.length; i++) {
      if (resolved[i].equals("TARGET")) {
        resolved[i] = "127.0.0.1:" + server.port();
      }
    }
    return ClientMain.run(resolved, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demoPrintsBothWorkedExampleScores() {
    assertEquals(0, run("--target", "TARGET", "gcn"), err.toString(StandardCharsets.UTF_8));
    assertTrue(out().contains("-> {node1=0.586618, node2=0.586618}"), out());
  }

  @Test
  void scorePrintsOneLinePerNodeInFileOrder(@TempDir Path dir) throws Exception {
    Path features =
        Files.writeString(dir.resolve("f.txt"), "node2 0.4 0.5 0.6\nnode1 0.1 0.2 0.3\n");
    Path edges = Files.writeString(dir.resolve("e.txt"), "node1 node2\n");

    int exit = run("gcn-score", "--target", "TARGET",
        "--edges", edges.toString(), "--features", features.toString());

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    assertEquals("node2 0.586618\nnode1 0.586618\n", out().replace("\r\n", "\n"));
  }

  @Test
  void scoreReportsTheServersErrorAndExitsOne(@TempDir Path dir) throws Exception {
    Path features = Files.writeString(dir.resolve("f.txt"), "a 1\n");
    Path edges = Files.writeString(dir.resolve("e.txt"), "a ghost\n");

    assertEquals(1, run("gcn-score", "--target", "TARGET",
        "--edges", edges.toString(), "--features", features.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("INVALID_ARGUMENT: edge 0 target_id"),
        err.toString(StandardCharsets.UTF_8));
  }
}
