package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.Files;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers and readers of one name at once: every read is one whole version, never a mix, over
 * 1,000 rounds (1,000 writes racing at least 1,000 reads and downloads).
 */
class ConcurrentReadWriteTest {
  static final int ROUNDS = 1000;
  static final int WRITERS = 2;
  static final int SIZE = 64 * 1024;

  @TempDir Path root;

  @Test
  void readersSeeTheOldOrTheNewFileNeverAMix() throws Exception {
    List<String> versions = List.of("A".repeat(SIZE), "B".repeat(SIZE), "C".repeat(SIZE / 2));
    Set<String> whole = Set.copyOf(versions);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (InProcessHarness harness = InProcessHarness.start(
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root)))) {
      var stub = blocking(harness.channel());
      stub.write(Files.newBuilder().setFilename("shared.txt").setText(versions.get(0)).build());
      AtomicInteger writes = new AtomicInteger();
      AtomicInteger reads = new AtomicInteger();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<?>> tasks = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < ROUNDS / WRITERS; i++) {
            String text = versions.get((writer + i) % versions.size());
            blocking(harness.channel()).write(
                Files.newBuilder().setFilename("shared.txt").setText(text).build());
            writes.incrementAndGet();
          }
          return null;
        }));
      }
      for (int r = 0; r < 2; r++) {
        boolean useDownload = r == 1;
        tasks.add(pool.submit(() -> {
          // Keep reading while writers run, and at least ROUNDS / 2 times each.
          for (int i = 0; writing.get() || i < ROUNDS / 2; i++) {
            String seen = useDownload
                ? new String(FileCalls.download(harness.channel(), "shared.txt", 0),
                    java.nio.charset.StandardCharsets.UTF_8)
                : blocking(harness.channel()).read(
                    Files.newBuilder().setFilename("shared.txt").build()).getText();
            assertTrue(whole.contains(seen), "torn read of " + seen.length() + " chars");
            reads.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> writer : tasks.subList(0, WRITERS)) {
        writer.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : tasks.subList(WRITERS, tasks.size())) {
        reader.get(120, TimeUnit.SECONDS);
      }
      assertEquals(ROUNDS, writes.get());
      assertTrue(reads.get() >= ROUNDS, "only " + reads.get() + " reads");
      try (var left = java.nio.file.Files.list(root)) {
        assertEquals(List.of(root.resolve("shared.txt")), left.toList(), "temp debris");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
