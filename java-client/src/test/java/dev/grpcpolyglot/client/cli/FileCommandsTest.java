package dev.grpcpolyglot.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesConfig;
import dev.grpcpolyglot.server.files.FilesModule;
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

/** The file subcommands and the files demo, over a real loopback port. */
class FileCommandsTest {
  @TempDir Path root;
  @TempDir Path local;
  PolyglotServer server;
  String target;
  String stdout;
  String stderr;

  @BeforeEach
  void start() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root));
    server = new PolyglotServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), config).start();
    target = "127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
  }

  @Test
  void writeThenReadThenList() {
    assertEquals(0, run("write", "notes/a.txt", "héllo"));
    assertEquals("wrote notes/a.txt (6 bytes)\n", stdout);
    assertEquals(0, run("read", "notes/a.txt"));
    assertEquals("héllo", stdout);
    assertEquals(0, run("list"));
    assertEquals("         dir  notes/\n", stdout);
    assertEquals(0, run("list", "notes"));
    assertEquals("           6  a.txt\n", stdout);
  }

  @Test
  void uploadThenDownloadIsByteIdenticalAndReportsTheRate() throws Exception {
    byte[] data = new byte[2_500_000];
    new java.util.Random(3).nextBytes(data);
    Path source = Files.write(local.resolve("in.bin"), data);
    assertEquals(0, run("upload", source.toString(), "stored/in.bin"));
    assertTrue(stdout.startsWith("uploaded stored/in.bin: 2500000 bytes, sha256 "), stdout);
    assertTrue(stderr.contains("transferred 2500000 bytes in "), stderr);
    assertFalse(stderr.contains("\r"), "a progress bar outside a terminal");

    Path copy = local.resolve("out.bin");
    assertEquals(0, run("download", "stored/in.bin", copy.toString()));
    assertArrayEquals(data, Files.readAllBytes(copy));
    assertTrue(stderr.contains("downloaded stored/in.bin: 2500000 bytes"), stderr);
  }

  @Test
  void downloadResumesFromAnOffset() throws Exception {
    Files.writeString(root.resolve("abc.txt"), "abcdef");
    Path part = Files.writeString(local.resolve("part.txt"), "abc");
    assertEquals(0, run("download", "--offset", "3", "--append", "abc.txt", part.toString()));
    assertEquals("abcdef", Files.readString(part));
  }

  @Test
  void aFailedCallPrintsItsStatusAndExitsOne() {
    assertEquals(1, run("read", "nope.txt"));
    assertEquals("error: NOT_FOUND: 'nope.txt' does not exist\n"
        + "  reason: FILE_NOT_FOUND (domain grpc-polyglot.dev)\n", stderr);
    assertEquals(1, run("write", "../escape", "x"));
    assertTrue(stderr.startsWith("error: INVALID_ARGUMENT: "), stderr);
    assertEquals(1, run("upload", local.resolve("missing.bin").toString()));
    assertEquals("error: no such local file: " + local.resolve("missing.bin") + "\n", stderr);
  }

  @Test
  void theFilesDemoCallsEveryMethod() {
    assertEquals(0, runCli("--target", target, "files"));
    String[] lines = stdout.split("\n");
    assertEquals(5, lines.length, stdout);
    assertEquals("muxs.FileController/Read(\"demo/hello.txt\") -> Hello from the Java client",
        lines[1]);
    assertTrue(lines[4].startsWith("muxs.FileController/List(\"demo\") -> [bytes.bin (256 bytes)"));
  }

  private int run(String command, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = command;
    all[1] = "--target";
    all[2] = target;
    System.arraycopy(args, 0, all, 3, args.length);
    return runCli(all);
  }

  /** Runs the CLI with captured streams, leaving what it printed in stdout and stderr. */
  private int runCli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ClientMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    stdout = out.toString(StandardCharsets.UTF_8);
    stderr = err.toString(StandardCharsets.UTF_8);
    return code;
  }
}
