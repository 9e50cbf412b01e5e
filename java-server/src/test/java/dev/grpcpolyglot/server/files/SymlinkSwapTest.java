package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-of-check/time-of-use attack: a local process keeps swapping a name inside the root
 * between a real entry and a symbolic link to the outside while clients call every method on
 * it. No call may ever read the outside's secret or change anything outside.
 */
class SymlinkSwapTest {
  static final String SECRET = "secret outside the root";
  static final int SWAPS = 400;

  @TempDir Path base;
  Path root;
  Path outside;
  InProcessHarness harness;
  ExecutorService pool = Executors.newFixedThreadPool(5);

  @BeforeEach
  void start() throws Exception {
    root = java.nio.file.Files.createDirectories(base.resolve("root"));
    outside = java.nio.file.Files.createDirectories(base.resolve("outside"));
    java.nio.file.Files.writeString(outside.resolve("f.txt"), SECRET);
    harness = InProcessHarness.start(
        ServerConfig.forTests().withFiles(FilesConfig.defaults().withRoot(root)));
  }

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    harness.close();
  }

  @Test
  void theFileItselfSwappedForALinkIsNeverFollowed() throws Exception {
    race(i -> {
      // Both renames are atomic: f.txt is always either a file inside or a link outside.
      Path link = java.nio.file.Files.createSymbolicLink(root.resolve("link" + i),
          outside.resolve("f.txt"));
      java.nio.file.Files.move(link, root.resolve("f.txt"), StandardCopyOption.ATOMIC_MOVE);
      Path file = java.nio.file.Files.writeString(root.resolve("file" + i), "inside");
      java.nio.file.Files.move(file, root.resolve("f.txt"), StandardCopyOption.ATOMIC_MOVE);
      return "";
    }, List.of(
        i -> read("f.txt"),
        i -> download("f.txt"),
        i -> {
          write("f.txt", "client " + i);
          return "";
        }));
  }

  @Test
  void aFolderSwappedForALinkIsNeverFollowed() throws Exception {
    java.nio.file.Files.createDirectories(root.resolve("d"));
    java.nio.file.Files.writeString(root.resolve("d/f.txt"), "inside");
    race(i -> {
      swapFolderOnce(i);
      return "";
    }, List.of(
        i -> read("d/f.txt"),
        i -> download("d/f.txt"),
        i -> {
          List<FileEntry> entries = blocking(harness.channel())
              .list(ListRequest.newBuilder().setPath("d").build()).getEntriesList();
          // The outside folder holds only f.txt; seeing it there proves nothing, so look for
          // what only the outside could show: f.txt of the secret's size.
          return entries.stream().filter(e -> e.getSize() == SECRET.length())
              .findAny().map(e -> SECRET).orElse("");
        },
        i -> {
          // Creates missing folders: through the parent's descriptor, never by path.
          write("d/new" + i + "/f.txt", "client");
          return "";
        }));
  }

  /**
   * Runs {@code swap} SWAPS times while each client call runs in a loop beside it, then checks
   * that the secret is intact and nothing outside the root changed.
   */
  private void race(Call swap, List<Call> clientCalls) throws Exception {
    Map<String, String> before = TreeSnapshot.of(base, root);
    AtomicBoolean swapping = new AtomicBoolean(true);
    Future<?> swapper = pool.submit(() -> {
      try {
        for (int i = 0; i < SWAPS; i++) {
          swap.run(i);
        }
      } finally {
        swapping.set(false);
      }
      return null;
    });
    List<Future<?>> clients = new java.util.ArrayList<>();
    for (Call call : clientCalls) {
      clients.add(pool.submit(() -> hammer(swapping, call)));
    }
    swapper.get(60, TimeUnit.SECONDS);
    for (Future<?> client : clients) {
      client.get(60, TimeUnit.SECONDS);
    }
    assertEquals(SECRET, java.nio.file.Files.readString(outside.resolve("f.txt")));
    assertEquals(before, TreeSnapshot.of(base, root));
  }

  /** Moves d away, puts a link to the outside in its place, then moves the folder back. */
  private void swapFolderOnce(int i) throws Exception {
    Path d = root.resolve("d");
    Path hold = root.resolve("hold" + i);
    try {
      java.nio.file.Files.move(d, hold, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return;
    }
    try {
      java.nio.file.Files.createSymbolicLink(d, outside);
      java.nio.file.Files.delete(d);
    } catch (FileAlreadyExistsException e) {
      return; // a Write created a new, real d meanwhile: fine, swap it next round
    }
    try {
      java.nio.file.Files.move(hold, d, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // Same race; hold stays inside the root.
    }
  }

  /** Calls {@code call} while the swapper runs; no answer may ever be the secret. */
  private Void hammer(AtomicBoolean swapping, Call call) throws Exception {
    Set<io.grpc.Status.Code> allowed = Set.of(io.grpc.Status.Code.PERMISSION_DENIED,
        io.grpc.Status.Code.NOT_FOUND, io.grpc.Status.Code.FAILED_PRECONDITION);
    for (int i = 0; swapping.get() && i < 20 * SWAPS; i++) {
      try {
        assertNotEquals(SECRET, call.run(i));
      } catch (StatusRuntimeException e) {
        assertTrue(allowed.contains(e.getStatus().getCode()), "unexpected " + e.getStatus());
      }
    }
    return null;
  }

  @FunctionalInterface
  interface Call {
    String run(int i) throws Exception;
  }

  private String read(String name) {
    return blocking(harness.channel()).read(Files.newBuilder().setFilename(name).build())
        .getText();
  }

  private String download(String name) throws Exception {
    return new String(FileCalls.download(harness.channel(), name, 0), StandardCharsets.UTF_8);
  }

  private void write(String name, String text) {
    blocking(harness.channel()).write(Files.newBuilder().setFilename(name).setText(text).build());
  }

}
