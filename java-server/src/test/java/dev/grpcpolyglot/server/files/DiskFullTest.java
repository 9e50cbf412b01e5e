package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.assertCode;
import static dev.grpcpolyglot.server.files.FileCalls.blocking;
import static dev.grpcpolyglot.server.files.FileCalls.chunk;
import static dev.grpcpolyglot.server.files.FileCalls.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.Files;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status.Code;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, simulated at the store's one seam (a disk writer failing with ENOSPC after a few
 * bytes, as the kernel does): RESOURCE_EXHAUSTED, the old file untouched, no temp file left.
 */
class DiskFullTest {
  static final int SPACE_LEFT = 1000;

  @TempDir Path root;
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws IOException {
    DiskWriter fullAfterAFewBytes = (fileChannel, data) -> {
      long length = java.util.Arrays.stream(data).mapToLong(java.nio.ByteBuffer::remaining).sum();
      if (fileChannel.position() + length > SPACE_LEFT) {
        throw new IOException("No space left on device");
      }
      DiskWriter.DIRECT.write(fileChannel, data);
    };
    FileStore store = FileStore.open(FilesConfig.defaults().withRoot(root), fullAfterAFewBytes);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new FileControllerService(store, 4096)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    java.nio.file.Files.writeString(root.resolve("kept.txt"), "old content");
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  @Test
  void writeOnAFullDiskIsResourceExhaustedAndKeepsTheOldFile() throws IOException {
    String message = assertCode(Code.RESOURCE_EXHAUSTED, () -> blocking(channel).write(
        Files.newBuilder().setFilename("kept.txt").setText("x".repeat(SPACE_LEFT + 1)).build()));
    assertTrue(message.contains("disk full"), message);
    assertUntouched();
  }

  @Test
  void uploadOnAFullDiskIsResourceExhaustedAndKeepsTheOldFile() throws IOException {
    assertCode(Code.RESOURCE_EXHAUSTED, () -> FileCalls.upload(channel, header("kept.txt", 0),
        chunk(new byte[600]), chunk(new byte[600])));
    assertUntouched();
  }

  @Test
  void whatFitsIsStillWritten() {
    blocking(channel).write(Files.newBuilder().setFilename("kept.txt").setText("small").build());
    assertEquals("small", blocking(channel).read(
        Files.newBuilder().setFilename("kept.txt").build()).getText());
  }

  private void assertUntouched() throws IOException {
    assertEquals("old content", java.nio.file.Files.readString(root.resolve("kept.txt")));
    try (Stream<Path> entries = java.nio.file.Files.list(root)) {
      assertEquals(List.of(root.resolve("kept.txt")), entries.toList());
    }
  }
}
