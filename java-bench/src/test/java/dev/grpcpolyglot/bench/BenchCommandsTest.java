package dev.grpcpolyglot.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesConfig;
import dev.grpcpolyglot.server.files.FilesModule;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each benchmark runs to the end on tiny sizes over a real loopback port and prints its figures.
 * Nothing here is timed: the numbers are for the scripts to print, not for tests to judge.
 */
class BenchCommandsTest {
  @TempDir Path root;
  @TempDir Path local;
  private PolyglotServer server;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root));
    server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), config).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.stop();
  }

  private int run(String... args) {
    String[] withTarget = new String[args.length + 2];
    System.arraycopy(args, 0, withTarget, 0, args.length);
    withTarget[args.length] = "--target";
    withTarget[args.length + 1] = "127.0.0.1:" + server.port();
    return BenchMain.run(withTarget, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void filesBenchRunsEveryRoundBothWaysAndStoresTheFile() throws Exception {
    byte[] data = new byte[700_000];
    new java.util.Random(5).nextBytes(data);
    Path source = Files.write(local.resolve("bench.bin"), data);
    long pid = ProcessHandle.current().pid(); // this JVM is the server: its CPU is measurable
    assertEquals(0, run("files-bench", "--rounds", "2", "--server-pid", Long.toString(pid),
        "--name", "b/x.bin", source.toString()), err.toString());
    String printed = out.toString();
    for (String line : new String[] {"upload round 1: 700000 bytes in ",
        "upload round 2: 700000 bytes in ", "download round 1: 700000 bytes in ",
        "download round 2: 700000 bytes in ", "upload:   first ", "download: first "}) {
      assertTrue(printed.contains(line), line + " missing in:\n" + printed);
    }
    assertTrue(printed.contains("CPU s per GiB: client "), printed);
    assertTrue(printed.contains(", server "), printed);
    assertArrayEquals(data, Files.readAllBytes(root.resolve("b/x.bin")));
  }

  @Test
  void gcnBenchPrintsTimings() {
    assertEquals(0, run("gcn-bench", "--nodes", "200", "--edges", "1000", "--warmup", "0",
        "--runs", "2"), err.toString());
    assertTrue(out.toString().contains("graph: 200 nodes, 1000 edges, 16 features"), out.toString());
    assertTrue(out.toString().contains("median: end-to-end"), out.toString());
  }

  @Test
  void contactBenchSpreadsOverSeveralTargetsAndTimesDelivery() {
    // The same server twice stands in for two replicas sharing one queue.
    String target = "127.0.0.1:" + server.port();
    long pid = ProcessHandle.current().pid();
    ByteArrayOutputStream printedBytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out; // contact-bench prints to System.out
    System.setOut(new PrintStream(printedBytes, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, BenchMain.run(new String[] {"contact-bench", "--target",
          target + "," + target, "--server-pid", pid + "," + pid, "--tasks", "2000",
          "--latency-tasks", "20", "--messages", "2000", "--time-limit", "60"},
          new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
    } finally {
      System.setOut(stdout);
    }
    String printed = printedBytes.toString(StandardCharsets.UTF_8);
    for (String line : new String[] {"RESULT tasks/s end to end (4 workers over 2 replicas): ",
        "RESULT tasks/s from a full queue (4 workers over 2 replicas): ",
        "RESULT delivery ms (cross-replica, submit on the first replica, worker on the last;"
            + " 20 tasks one at a time): p50 ",
        "RESULT sendStatus msgs/s (one stream): ",
        "last task [TASK_STATE_DONE, TASK_STATE_DONE]"}) {
      assertTrue(printed.contains(line), line + " missing in:\n" + printed);
    }
  }

  @Test
  void withoutABenchmarkItSaysWhichExist() {
    assertEquals(2, BenchMain.run(new String[0], new PrintWriter(out, true),
        new PrintWriter(err, true)));
    assertTrue(err.toString().contains("contact-bench, files-bench or gcn-bench"), err.toString());
  }
}
