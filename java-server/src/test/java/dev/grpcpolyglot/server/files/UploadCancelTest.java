package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.chunk;
import static dev.grpcpolyglot.server.files.FileCalls.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.FileControllerGrpc;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upload that does not complete OK leaves no file and no temp file, and the old file intact. */
class UploadCancelTest {
  @TempDir Path root;
  InProcessHarness harness;

  @BeforeEach
  void start() throws IOException {
    harness = InProcessHarness.start(
        ServerConfig.forTests().with(FilesModule.MODULE, FilesConfig.defaults().withRoot(root)));
  }

  @AfterEach
  void stop() throws InterruptedException {
    harness.close();
  }

  @Test
  void cancelledHalfWayLeavesNoFile() throws Exception {
    CompletableFuture<UploadReply> result = new CompletableFuture<>();
    ClientCallStreamObserver<UploadRequest> requests = startUpload(result, 30_000);
    requests.onNext(header("half.bin", 4 * 65536));
    requests.onNext(chunk(new byte[65536]));
    requests.onNext(chunk(new byte[65536]));
    awaitCondition("the upload's temp file to appear", () -> tempFiles() > 0);

    requests.cancel("the user pressed ctrl-c", null);

    awaitCondition("the temp file to be removed", () -> tempFiles() == 0);
    assertEquals(Status.Code.CANCELLED, failureOf(result));
    assertEquals(List.of(), entries());
  }

  @Test
  void deadlinePassingHalfWayLeavesTheOldFile() throws Exception {
    java.nio.file.Files.writeString(root.resolve("kept.txt"), "old");
    CompletableFuture<UploadReply> result = new CompletableFuture<>();
    ClientCallStreamObserver<UploadRequest> requests = startUpload(result, 300);
    requests.onNext(header("kept.txt", 0));
    requests.onNext(chunk(new byte[65536]));
    // Never half-closed: the deadline is what ends it.
    assertEquals(Status.Code.DEADLINE_EXCEEDED, failureOf(result));
    awaitCondition("the temp file to be removed", () -> tempFiles() == 0);
    assertEquals("old", java.nio.file.Files.readString(root.resolve("kept.txt")));
    assertEquals(List.of(root.resolve("kept.txt")), entries());
  }

  private ClientCallStreamObserver<UploadRequest> startUpload(
      CompletableFuture<UploadReply> result, long deadlineMillis) {
    return (ClientCallStreamObserver<UploadRequest>) FileControllerGrpc.newStub(harness.channel())
        .withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS)
        .upload(FileCalls.completing(result));
  }

  private static Status.Code failureOf(CompletableFuture<UploadReply> result) throws Exception {
    try {
      result.get(30, TimeUnit.SECONDS);
      throw new AssertionError("the upload succeeded");
    } catch (ExecutionException e) {
      return Status.fromThrowable(e.getCause()).getCode();
    }
  }

  private long tempFiles() {
    return entries().stream().filter(p -> TempNames.isTemp(p.getFileName().toString())).count();
  }

  private List<Path> entries() {
    try (Stream<Path> all = java.nio.file.Files.list(root)) {
      return all.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Bounded polling of a condition the server reaches asynchronously (10 s at most). */
  static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(5);
    }
  }
}
