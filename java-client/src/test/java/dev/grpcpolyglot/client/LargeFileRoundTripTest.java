package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.server.testing.ServerProcess;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 256 MiB up and down through the real server, run with a 96 MiB heap: byte-identical
 * (SHA-256 on both sides) and the server's memory stays well below the file's size, which is
 * only possible if neither direction ever buffers the file.
 */
class LargeFileRoundTripTest {
  static final long SIZE = 256L * 1024 * 1024;

  @TempDir Path root;
  @TempDir Path logs;

  @Test
  void uploadAndDownload256MibWithABoundedServerHeap() throws Exception {
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx96m"),
        List.of("--port", "0", "--files-root", root.toString()), logs.resolve("server.err"))) {
      ManagedChannel channel =
          Grpc.newChannelBuilder(server.address(), InsecureChannelCredentials.create()).build();
      try {
        FileClient client = new FileClient(channel, Duration.ofMinutes(5));
        PatternStream source = new PatternStream(SIZE, 42);
        UploadReply reply = client.upload("big/pattern.bin", source, SIZE, sent -> { });
        String sent = source.sha256();
        assertEquals(SIZE, reply.getSize());
        assertEquals(sent, reply.getSha256(), "server stored other bytes");
        assertEquals(SIZE, java.nio.file.Files.size(root.resolve("big/pattern.bin")));

        Transfer received = client.download("big/pattern.bin", 0, OutputStream.nullOutputStream(),
            got -> { });
        assertEquals(SIZE, received.size());
        assertEquals(sent, received.sha256(), "downloaded other bytes");

        long peakRss = server.peakRssBytes();
        assertTrue(peakRss < SIZE, "server peak RSS " + peakRss / (1024 * 1024) + " MiB");
        System.out.println("256 MiB round trip: server peak RSS "
            + peakRss / (1024 * 1024) + " MiB with -Xmx96m");
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
