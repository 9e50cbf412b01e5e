package dev.grpcpolyglot.server.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.proto.hello.String;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 concurrent gzip bombs (each 100 MiB inflated, ~100 KiB on the wire) to the real server
 * process: each is refused RESOURCE_EXHAUSTED once it inflates past Hello's 4 MiB limit, so
 * the server's memory stays bounded by calls × limit, and Hello keeps answering.
 */
class CompressionBombTest {
  private static final int BOMBS = 100;
  private static final int INFLATED_BYTES = 100 * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void concurrentOversizedCompressedRequestsAreRefusedQuicklyWithBoundedMemory() throws Exception {
    byte[] bomb = gzippedStringMessage(INFLATED_BYTES);
    CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
    registry.register(new Precompressed(bomb));
    try (ServerProcess server = ServerProcess.start(List.of(),
        List.of("--port", "0", "--files-root", dir.resolve("files").toString()),
        dir.resolve("stderr.log"))) {
      ManagedChannel channel = Grpc.newChannelBuilder(server.address(),
          InsecureChannelCredentials.create()).compressorRegistry(registry).build();
      try {
        hello(channel);
        long before = server.peakRssBytes();
        long start = System.nanoTime();
        List<CompletableFuture<RawCall.Outcome>> calls = new ArrayList<>();
        for (int i = 0; i < BOMBS; i++) {
          calls.add(RawCall.start(channel, HelloServiceGrpc.getHelloMethod(),
              List.of(new byte[] {0}), 60_000, true));
        }
        for (CompletableFuture<RawCall.Outcome> call : calls) {
          RawCall.Outcome outcome = call.get(90, TimeUnit.SECONDS);
          assertEquals(Status.Code.RESOURCE_EXHAUSTED, outcome.code(), outcome.status().toString());
          assertTrue(outcome.status().getDescription().contains("limit of 4194304 bytes"),
              outcome.status().getDescription());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = server.peakRssBytes();
        System.out.printf("%d bombs refused in %.1f s; server peak RSS %d MiB (before: %d MiB)%n",
            BOMBS, seconds, peak >> 20, before >> 20);
        // 100 calls x 4 MiB inflated is 400 MiB; a server that inflated whole bombs needs 10 GiB.
        assertTrue(peak - before < 1024L << 20, "peak RSS grew by " + ((peak - before) >> 20) + " MiB");
        assertEquals("hello:still here", hello(channel));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static java.lang.String hello(ManagedChannel channel) {
    return HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
        .hello(String.newBuilder().setValue("still here").build()).getValue();
  }

  /** A go_protoc.String whose value field claims {@code size} zero bytes, gzipped. */
  private static byte[] gzippedStringMessage(int size) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      gzip.write(0x0a);
      for (int rest = size; ; rest >>>= 7) {
        if (rest < 0x80) {
          gzip.write(rest);
          break;
        }
        gzip.write((rest & 0x7f) | 0x80);
      }
      byte[] zeros = new byte[1 << 16];
      for (int left = size; left > 0; left -= zeros.length) {
        gzip.write(zeros, 0, Math.min(left, zeros.length));
      }
    }
    return out.toByteArray();
  }

  /** A "gzip" codec that sends the same ready-made compressed bytes whatever the message. */
  private record Precompressed(byte[] compressed) implements Codec {
    @Override
    public java.lang.String getMessageEncoding() {
      return "gzip";
    }

    @Override
    public OutputStream compress(OutputStream os) {
      return new OutputStream() {
        @Override
        public void write(int b) {}

        @Override
        public void close() throws IOException {
          os.write(compressed);
          os.close();
        }
      };
    }

    @Override
    public InputStream decompress(InputStream is) {
      throw new UnsupportedOperationException("the server's replies are not compressed");
    }
  }
}
