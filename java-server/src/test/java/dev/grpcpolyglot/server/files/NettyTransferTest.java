package dev.grpcpolyglot.server.files;

import static dev.grpcpolyglot.server.files.FileCalls.chunk;
import static dev.grpcpolyglot.server.files.FileCalls.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.grpcpolyglot.proto.muxs.UploadReply;
import dev.grpcpolyglot.proto.muxs.UploadRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status.Code;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upload and Download over the Netty transport, where chunks are parsed as views of the receive
 * buffers ({@link UploadMessageMarshaller}) and sent from reused arrays ({@link OutgoingChunk}):
 * the stored bytes are exactly the sent ones, for chunk messages of every size and for messages
 * that take protobuf's path, they come back identical, and the usual refusals still hold.
 */
class NettyTransferTest {
  @TempDir Path root;
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
            InsecureServerCredentials.create())
        .addService(new FileControllerService(FilesConfig.defaults().withRoot(root)))
        .build()
        .start();
    channel = Grpc.newChannelBuilder("127.0.0.1:" + server.getPort(),
        InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void storesExactlyTheBytesSentWhateverTheMessageShapes() throws Exception {
    Random random = new Random(7);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    List<UploadRequest> messages = new ArrayList<>();
    for (int size : new int[] {0, 1, 127, 128, 16_384, 16_385, 262_144, 1_000_000, 3}) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      sent.writeBytes(data);
      messages.add(chunk(data));
    }
    byte[] odd = new byte[50_000];
    random.nextBytes(odd);
    sent.writeBytes(odd);
    messages.add(UploadRequest.newBuilder().setChunk(ByteString.copyFrom(odd))
        .setUnknownFields(UnknownFieldSet.newBuilder()
            .addField(15, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build())
        .build());
    byte[] expected = sent.toByteArray();
    messages.add(0, header("net/shapes.bin", expected.length));

    UploadReply reply = FileCalls.upload(channel, messages.toArray(UploadRequest[]::new));
    assertEquals(expected.length, reply.getSize());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)),
        reply.getSha256());
    assertArrayEquals(expected, java.nio.file.Files.readAllBytes(root.resolve("net/shapes.bin")));
    // And back, as chunks sent from the download's reused arrays.
    assertArrayEquals(expected, FileCalls.download(channel, "net/shapes.bin", 0));
    assertArrayEquals(Arrays.copyOfRange(expected, 12_345, expected.length),
        FileCalls.download(channel, "net/shapes.bin", 12_345));
  }

  @Test
  void aSecondHeaderIsStillRefusedAndLeavesNothing() throws Exception {
    FileCalls.assertCode(Code.INVALID_ARGUMENT, () -> FileCalls.upload(channel,
        header("net/twice.bin", 0), chunk(new byte[100_000]), header("net/twice.bin", 0)));
    try (Stream<Path> files = java.nio.file.Files.walk(root)) {
      assertEquals(List.of(), files.filter(java.nio.file.Files::isRegularFile).toList());
    }
  }
}
