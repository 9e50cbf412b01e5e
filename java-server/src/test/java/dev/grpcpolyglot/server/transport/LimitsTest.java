package dev.grpcpolyglot.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.hello.HelloServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.EndRecorder;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connection limits against a real Netty port: oversized messages and abusive pingers. */
class LimitsTest {
  private static final int HTTP2_PING = 0x6;
  private static final int HTTP2_GOAWAY = 0x7;
  private static final int ENHANCE_YOUR_CALM = 0xb;

  @Test
  void messageOverTheLimitIsResourceExhaustedAndOthersAreStillServed() throws Exception {
    ServerConfig config = ServerConfig.forTests().withMaxInboundMessageBytes(1024);
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel greedy = server.channel(InsecureChannelCredentials.create());
      ManagedChannel polite = server.channel(InsecureChannelCredentials.create());
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> hello(greedy, "x".repeat(4096)));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
      assertEquals("hello:small", hello(polite, "small"));
      assertEquals("hello:again", hello(greedy, "again"));
    }
  }

  @Test
  void clientPingingTooOftenIsToldToCalmDownAndCut() throws Exception {
    try (NettyHarness server = NettyHarness.start(ServerConfig.forTests());
        Socket socket = new Socket("127.0.0.1", server.port())) {
      // A raw HTTP/2 client: grpc-java's own channel refuses to ping more than every 10 s, so
      // it cannot play the abuser. Prior-knowledge h2c: preface, empty SETTINGS, then PINGs.
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      writeFrame(out, 0x4, 0, new byte[0]);
      for (int i = 0; i < 5; i++) {
        writeFrame(out, HTTP2_PING, 0, new byte[8]);
      }
      out.flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] goAway = readUntilFrame(in, HTTP2_GOAWAY);
      int errorCode = ((goAway[4] & 0xff) << 24) | ((goAway[5] & 0xff) << 16)
          | ((goAway[6] & 0xff) << 8) | (goAway[7] & 0xff);
      assertEquals(ENHANCE_YOUR_CALM, errorCode);
      String debug = new String(goAway, 8, goAway.length - 8, StandardCharsets.US_ASCII);
      assertEquals("too_many_pings", debug);
      assertTrue(closedByServer(in), "the abusive connection must be closed");

      // Everyone else is still served.
      assertEquals("hello:fine", hello(server.channel(InsecureChannelCredentials.create()), "fine"));
    }
  }

  @Test
  void connectionThatNeverFinishesItsHandshakeIsClosed() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withLimits(config.limits().withHandshakeTimeout(Duration.ofMillis(500)));
    try (NettyHarness server = NettyHarness.start(config);
        Socket silent = new Socket("127.0.0.1", server.port())) {
      // Connects and never sends the HTTP/2 preface: a slowloris. The read's own timeout (10 s)
      // bounds the test; the server must hang up long before.
      silent.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertTrue(closedByServer(new DataInputStream(silent.getInputStream())));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 9_000, "closed after " + millis + " ms");
      assertEquals("hello:ok", hello(server.channel(InsecureChannelCredentials.create()), "ok"));
    }
  }

  @Test
  void clientResettingStreamsTooFastIsCut() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withLimits(config.limits().withMaxRstFramesPer10s(20));
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel abuser = server.channel(InsecureChannelCredentials.create());
      // A long-lived call on the abusive connection: it ends when the server cuts the connection.
      CompletableFuture<HealthCheckResponse> connected = new CompletableFuture<>();
      EndRecorder<HealthCheckResponse> watchCall = EndRecorder.onEach(connected::complete);
      HealthGrpc.newStub(abuser).watch(HealthCheckRequest.getDefaultInstance(), watchCall);
      CompletableFuture<Status> watch = watchCall.ended;
      // Only calls started on a live connection reach the wire: cancelling one that is still
      // waiting for the connection sends no RST_STREAM (a loaded machine showed it).
      connected.get(20, TimeUnit.SECONDS);
      // Start and cancel calls as fast as possible: every cancel is a RST_STREAM frame.
      for (int i = 0; i < 100 && !watch.isDone(); i++) {
        ClientCall<HealthCheckRequest, HealthCheckResponse> call =
            abuser.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {}, new Metadata());
        call.sendMessage(HealthCheckRequest.getDefaultInstance());
        call.request(1);
        call.cancel("reset", null);
      }
      Status cut = watch.get(20, TimeUnit.SECONDS);
      // The server sends GOAWAY(ENHANCE_YOUR_CALM) and closes: grpc-java reports RESOURCE_EXHAUSTED
      // when the GOAWAY's error code reaches the call first, UNAVAILABLE when the closed socket does.
      assertTrue(cut.getCode() == Status.Code.UNAVAILABLE
          || cut.getCode() == Status.Code.RESOURCE_EXHAUSTED, cut.toString());
      assertEquals("hello:fine", hello(server.channel(InsecureChannelCredentials.create()), "fine"));
    }
  }

  private static void writeFrame(OutputStream out, int type, int streamId, byte[] payload)
      throws IOException {
    int length = payload.length;
    out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
        (byte) type, 0, (byte) (streamId >>> 24), (byte) (streamId >>> 16),
        (byte) (streamId >>> 8), (byte) streamId});
    out.write(payload);
  }

  /** Reads frames (the server's SETTINGS, PING acks...) until one of {@code type}; its payload. */
  private static byte[] readUntilFrame(DataInputStream in, int type) throws IOException {
    for (int frames = 0; frames < 100; frames++) {
      byte[] header = new byte[9];
      in.readFully(header);
      int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
      byte[] payload = new byte[length];
      in.readFully(payload);
      if ((header[3] & 0xff) == type) {
        return payload;
      }
    }
    throw new AssertionError("no frame of type " + type + " in the first 100 frames");
  }

  private static boolean closedByServer(DataInputStream in) throws IOException {
    try {
      while (true) {
        byte[] header = new byte[9];
        in.readFully(header);
        int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
        in.readFully(new byte[length]);
      }
    } catch (EOFException | java.net.SocketException e) {
      return true;
    }
  }

  static String hello(Channel channel, String value) {
    return HelloServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
        .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue(value).build())
        .getValue();
  }
}
