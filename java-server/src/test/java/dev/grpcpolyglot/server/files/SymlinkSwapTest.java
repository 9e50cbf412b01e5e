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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  static final int CALLS_PER_CLIENT = 300;
  static final int MAX_ROUNDS = 1_000_000;

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
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root)));
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
   * Runs {@code swap} round after round while each client call runs in a loop beside it, until
   * every client has made CALLS_PER_CLIENT calls during the swapping (and an even number of
   * rounds ran, so toggles end restored), then checks that the secret is intact and nothing
   * outside the root changed. Bounded: at most MAX_ROUNDS rounds and 60 s.
   */
  private void race(Call swap, List<Call> clientCalls) throws Exception {
    Map<String, String> before = TreeSnapshot.of(base, root);
    AtomicBoolean swapping = new AtomicBoolean(true);
    List<AtomicInteger> calls = new ArrayList<>();
    List<Future<?>> clients = new ArrayList<>();
    for (Call call : clientCalls) {
      AtomicInteger count = new AtomicInteger();
      calls.add(count);
      clients.add(pool.submit(() -> hammer(swapping, call, count)));
    }
    Future<?> swapper = pool.submit(() -> {
      try {
        for (int i = 0; i < MAX_ROUNDS; i++) {
          swap.run(i);
          if (clients.stream().anyMatch(Future::isDone)) {
            break; // a client failed: stop now, its failure is reported below
          }
          boolean everyClientRaced = calls.stream().allMatch(c -> c.get() >= CALLS_PER_CLIENT);
          if (everyClientRaced && i % 2 == 1) {
            break;
          }
        }
      } finally {
        swapping.set(false);
      }
      return null;
    });
    swapper.get(60, TimeUnit.SECONDS);
    for (Future<?> client : clients) {
      client.get(60, TimeUnit.SECONDS);
    }
    for (AtomicInteger count : calls) {
      assertTrue(count.get() >= CALLS_PER_CLIENT, "a client made only " + count + " calls");
    }
    assertEquals(SECRET, java.nio.file.Files.readString(outside.resolve("f.txt")));
    assertEquals(before, TreeSnapshot.of(base, root));
  }

  /** Calls {@code call} while the swapper runs; no answer may ever be the secret. */
  private Void hammer(AtomicBoolean swapping, Call call, AtomicInteger count) throws Exception {
    Set<io.grpc.Status.Code> allowed = Set.of(io.grpc.Status.Code.PERMISSION_DENIED,
        io.grpc.Status.Code.NOT_FOUND, io.grpc.Status.Code.FAILED_PRECONDITION);
    while (swapping.get()) {
      try {
        assertNotEquals(SECRET, call.run(count.get()));
      } catch (StatusRuntimeException e) {
        assertTrue(allowed.contains(e.getStatus().getCode()), "unexpected " + e.getStatus());
      }
      count.incrementAndGet();
    }
    return null;
  }

  /**
   * Even rounds move the real d away and put a link to the outside in its place; odd rounds
   * put the folder back. Each state lasts a whole round, so clients meet both.
   */
  private void swapFolderOnce(int i) throws Exception {
    Path d = root.resolve("d");
    Path hold = root.resolve("hold" + i / 2);
    if (i % 2 == 0) {
      try {
        java.nio.file.Files.move(d, hold, StandardCopyOption.ATOMIC_MOVE);
        java.nio.file.Files.createSymbolicLink(d, outside);
      } catch (NoSuchFileException | FileAlreadyExistsException e) {
        // A Write created a new, real d meanwhile: fine, it is swapped in a later round.
      }
    } else {
      if (java.nio.file.Files.isSymbolicLink(d)) {
        java.nio.file.Files.delete(d);
      }
      try {
        java.nio.file.Files.move(hold, d, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileSystemException e) {
        // Same race (d exists again, not empty): hold stays inside the root.
      }
    }
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
