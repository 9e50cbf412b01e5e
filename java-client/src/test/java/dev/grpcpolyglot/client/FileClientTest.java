package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.FileEntry;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.files.FilesConfig;
import dev.grpcpolyglot.server.files.FilesModule;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileClient against the real service on the in-process transport. */
class FileClientTest {
  @TempDir Path root;
  InProcessHarness harness;
  FileClient client;

  @BeforeEach
  void start() throws IOException {
    harness = InProcessHarness.start(
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root)));
    client = new FileClient(harness.channel(), Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() throws InterruptedException {
    harness.close();
  }

  @Test
  void writeReadAndList() {
    client.write("docs/a.txt", "alpha");
    client.write("docs/b.txt", "beta!");
    assertEquals("alpha", client.read("docs/a.txt"));
    assertEquals(List.of(
        FileEntry.newBuilder().setName("a.txt").setSize(5).build(),
        FileEntry.newBuilder().setName("b.txt").setSize(5).build()), client.list("docs"));
  }

  @Test
  void uploadAndDownloadRoundTripAnyBytesWithProgress() throws Exception {
    byte[] data = new byte[3 * FileClient.UPLOAD_CHUNK_BYTES + 17];
    new java.util.Random(1).nextBytes(data);
    List<Long> sentProgress = new ArrayList<>();
    UploadReply reply = client.upload("bin/x", new ByteArrayInputStream(data), data.length,
        sentProgress::add);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    assertEquals(expected, reply.getSha256());
    assertEquals(List.of((long) FileClient.UPLOAD_CHUNK_BYTES, 2L * FileClient.UPLOAD_CHUNK_BYTES,
        3L * FileClient.UPLOAD_CHUNK_BYTES, (long) data.length), sentProgress);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Long> receivedProgress = new ArrayList<>();
    Transfer transfer = client.download("bin/x", 0, out, receivedProgress::add);
    assertArrayEquals(data, out.toByteArray());
    assertEquals(new Transfer(data.length, expected, ""), transfer);
    assertEquals((long) data.length, receivedProgress.get(receivedProgress.size() - 1));

    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data);
    Transfer checked = client.download("bin/x", 0, OutputStream.nullOutputStream(), n -> { },
        Transfer.Check.CRC32C);
    assertEquals(new Transfer(data.length, "", Transfer.crc32cHex(crc.getValue())), checked);
  }

  @Test
  void failuresAreStatusesNamingTheProblem() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> client.read("missing.txt"));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("missing.txt"));
    assertEquals(Status.Code.INVALID_ARGUMENT, assertThrows(StatusRuntimeException.class,
        () -> client.upload("../x", InputStream.nullInputStream(), 0, n -> { }))
        .getStatus().getCode());
  }

  @Test
  void aFailingUploadSourceCancelsAndLeavesNoFile() throws Exception {
    InputStream breaksHalfWay = new SequenceInputStream(
        new ByteArrayInputStream(new byte[2 * FileClient.UPLOAD_CHUNK_BYTES]),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk unplugged");
          }
        });
    assertThrows(IOException.class,
        () -> client.upload("partial.bin", breaksHalfWay, -1, n -> { }));
    // The server discards asynchronously; bounded wait for the temp file to go.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (entries().size() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(), entries());
  }

  @Test
  void aFailingDownloadSinkEndsTheCall() {
    client.write("small.txt", "x".repeat(1000));
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("pipe closed");
      }
    };
    assertThrows(IOException.class, () -> client.download("small.txt", 0, broken, n -> { }));
    assertEquals("x".repeat(1000), client.read("small.txt"));
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> all = java.nio.file.Files.list(root)) {
      return all.toList();
    }
  }
}
