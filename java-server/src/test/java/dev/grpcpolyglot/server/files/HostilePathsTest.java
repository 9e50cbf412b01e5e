package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static dev.grpcpolyglot.server.files.FileCalls.chunk;
import static dev.grpcpolyglot.server.files.FileCalls.codeOf;
import static dev.grpcpolyglot.server.files.FileCalls.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status.Code;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An attacker's table: every path goes through Write, Upload, Read, Download and List, and
 * afterwards nothing outside the root exists that did not before, and the canary is unchanged.
 * Paths that are merely odd literal names (no traversal meaning on Linux) are accepted, and must
 * then land inside the root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostilePathsTest {
  static final String CANARY = "canary: must never change";

  Path base;
  Path root;
  Path outside;
  InProcessHarness harness;

  @BeforeAll
  void start(@TempDir Path tempDir) throws Exception {
    base = tempDir;
    root = java.nio.file.Files.createDirectories(base.resolve("root"));
    outside = java.nio.file.Files.createDirectories(base.resolve("outside"));
    java.nio.file.Files.writeString(outside.resolve("canary.txt"), CANARY);
    java.nio.file.Files.createDirectories(root.resolve("sub"));
    java.nio.file.Files.createSymbolicLink(root.resolve("out"), Path.of("../outside"));
    java.nio.file.Files.createSymbolicLink(root.resolve("abs"), outside);
    java.nio.file.Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../.."));
    java.nio.file.Files.createSymbolicLink(root.resolve("canary-link"),
        outside.resolve("canary.txt"));
    java.nio.file.Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    java.nio.file.Files.createSymbolicLink(root.resolve("inner"), Path.of("sub"));
    java.nio.file.Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("new.txt"));
    harness = InProcessHarness.start(ServerConfig.forTests().with(FilesModule.MODULE, 
        FilesConfig.defaults().withRoot(root)));
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  static Stream<Arguments> hostilePaths() {
    Code bad = Code.INVALID_ARGUMENT;
    Code denied = Code.PERMISSION_DENIED;
    Code ok = Code.OK;
    return Stream.of(
        Arguments.of("", bad),
        Arguments.of("..", bad),
        Arguments.of("../outside/canary.txt", bad),
        Arguments.of("../outside/new.txt", bad),
        Arguments.of("../../../../../../etc/passwd", bad),
        Arguments.of("sub/../../outside/canary.txt", bad),
        Arguments.of("sub/..", bad),
        Arguments.of("./../outside/new.txt", bad),
        Arguments.of(".", bad),
        Arguments.of("./sub/x", bad),
        Arguments.of("sub/./x", bad),
        Arguments.of("sub//x", bad),
        Arguments.of("sub/", bad),
        Arguments.of("/etc/passwd", bad),
        Arguments.of("//outside/new.txt", bad),
        Arguments.of("/", bad),
        Arguments.of("ABSOLUTE/new.txt", bad), // replaced by the real outside path below
        Arguments.of("..\\outside\\canary.txt", bad),
        Arguments.of("sub\\..\\..\\outside\\new.txt", bad),
        Arguments.of("C:\\Windows\\win.ini", bad),
        Arguments.of("\\\\server\\share\\x", bad),
        Arguments.of("\0", bad),
        Arguments.of("new.txt\0../../outside/new.txt", bad),
        Arguments.of("../" + "a/".repeat(2100), bad),
        Arguments.of("x".repeat(256), bad),
        Arguments.of(TempNames.PREFIX + "steal", bad),
        Arguments.of("out/canary.txt", denied),
        Arguments.of("out/new.txt", denied),
        Arguments.of("out", denied),
        Arguments.of("abs/canary.txt", denied),
        Arguments.of("abs/deeper/new.txt", denied),
        Arguments.of("sub/up/outside/canary.txt", denied),
        Arguments.of("sub/up/outside/new.txt", denied),
        Arguments.of("canary-link", denied),
        Arguments.of("dangling", denied),
        Arguments.of("loop/x", denied),
        Arguments.of("inner/x", denied),
        // Literal names: no traversal meaning on Linux, so they are stored inside the root.
        Arguments.of("%2e%2e/outside/new.txt", ok),
        Arguments.of("..%2foutside%2fnew.txt", ok),
        Arguments.of("%2e%2e%5coutside", ok),
        Arguments.of("\uff0e\uff0e/outside/new.txt", ok), // fullwidth dots
        Arguments.of("\u2025/new.txt", ok), // two-dot leader
        Arguments.of("...", ok),
        Arguments.of(". ./new.txt", ok),
        Arguments.of(" ../new.txt", ok),
        Arguments.of("~/new.txt", ok),
        Arguments.of("$HOME/new.txt", ok),
        Arguments.of("sub/..hidden", ok));
  }

  @ParameterizedTest
  @MethodSource("hostilePaths")
  void nothingOutsideTheRootIsOpenedOrCreated(String path, Code expected) throws Exception {
    // The real absolute path of the outside folder, known only once @TempDir exists.
    String name = path.startsWith("ABSOLUTE/")
        ? outside + path.substring("ABSOLUTE".length()) : path;
    Map<String, String> before = snapshotOutsideRoot();
    var stub = blocking(harness.channel());
    Code write = codeOf(() -> stub.write(Files.newBuilder().setFilename(name).setText("pwned")
        .build()));
    Code upload = codeOf(() -> FileCalls.upload(harness.channel(), header(name, 5),
        chunk("pwned".getBytes(StandardCharsets.UTF_8))));
    Code read = codeOf(() -> stub.read(Files.newBuilder().setFilename(name).build()));
    Code download = codeOf(() -> FileCalls.download(harness.channel(), name, 0));
    codeOf(() -> stub.list(ListRequest.newBuilder().setPath(name).build()));

    assertEquals(expected, write, "Write");
    assertEquals(expected, upload, "Upload");
    if (expected == Code.OK) {
      assertEquals(Code.OK, read, "Read");
      assertEquals("pwned", java.nio.file.Files.readString(root.resolve(name)));
    } else {
      assertEquals(expected, read, "Read");
      assertEquals(expected, download, "Download");
    }
    assertEquals(CANARY, java.nio.file.Files.readString(outside.resolve("canary.txt")));
    assertEquals(before, snapshotOutsideRoot(), "something outside the root changed");
  }

  private Map<String, String> snapshotOutsideRoot() throws IOException {
    Map<String, String> entries = TreeSnapshot.of(base, root);
    assertTrue(entries.containsKey(outside.resolve("canary.txt").toString()));
    return entries;
  }
}
