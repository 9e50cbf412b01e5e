package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.proto.muxs.ListRequest;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real server in the middle of 20 writes: afterwards every file is wholly the
 * old version or wholly the new one, and the next start sweeps away the temp debris.
 */
class KillDuringWritesTest {
  static final int FILES = 20;
  static final int SIZE = 2 * 1024 * 1024;
  static final int KILL_AFTER = 5;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void everyFileIsOldOrNewAfterAKill() throws Exception {
    for (int i = 0; i < FILES; i++) {
      java.nio.file.Files.writeString(root.resolve(name(i)), version("old", i));
    }
    CountDownLatch someWritesDone = new CountDownLatch(KILL_AFTER);
    CompletableFuture<Integer> completed = new CompletableFuture<>();
    try (ServerProcess server = start()) {
      ManagedChannel channel = open(server.address());
      try {
        Thread writer = new Thread(() -> {
          int done = 0;
          try {
            for (int i = 0; i < FILES; i++) {
              blocking(channel).write(Files.newBuilder().setFilename(name(i))
                  .setText(version("new", i)).build());
              done++;
              someWritesDone.countDown();
            }
          } catch (StatusRuntimeException killed) {
            // Expected once the server is gone.
          }
          completed.complete(done);
        });
        writer.start();
        assertTrue(someWritesDone.await(60, TimeUnit.SECONDS), "writes did not start");
        server.kill9();
        int done = completed.get(60, TimeUnit.SECONDS);
        assertTrue(done >= KILL_AFTER && done < FILES, "the kill was not mid-way: " + done);
      } finally {
        channel.shutdownNow();
      }
    }

    int replaced = 0;
    for (int i = 0; i < FILES; i++) {
      String content = java.nio.file.Files.readString(root.resolve(name(i)));
      boolean isNew = content.equals(version("new", i));
      assertTrue(isNew || content.equals(version("old", i)), name(i) + " is torn");
      replaced += isNew ? 1 : 0;
    }
    assertTrue(replaced >= KILL_AFTER, "acknowledged writes were lost: " + replaced);

    // The next start removes whatever temp file the kill left; callers never see one.
    try (ServerProcess again = start()) {
      ManagedChannel channel = open(again.address());
      try {
        List<String> listed = blocking(channel).list(ListRequest.newBuilder().build())
            .getEntriesList().stream().map(FileEntry::getName).toList();
        assertEquals(IntStream.range(0, FILES).mapToObj(KillDuringWritesTest::name).toList(),
            listed);
      } finally {
        channel.shutdownNow();
      }
    }
    try (var left = java.nio.file.Files.list(root)) {
      assertEquals(FILES, left.count(), "temp debris left on disk");
    }
  }

  private ServerProcess start() throws Exception {
    return ServerProcess.start(List.of(), List.of("--port", "0", "--files-root", root.toString()),
        logs.resolve("server.err"));
  }

  private static ManagedChannel open(String target) {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
  }

  private static String name(int i) {
    return String.format("file-%02d.txt", i);
  }

  /** A large text unique to the version and the file, so a mix of two is detectable. */
  private static String version(String label, int i) {
    String line = label + "-" + i + "\n";
    return line.repeat(SIZE / line.length());
  }
}
