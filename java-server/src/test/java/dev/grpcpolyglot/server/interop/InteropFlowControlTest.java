package dev.grpcpolyglot.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.MessageLite;
import dev.grpcpolyglot.interop.testing.Messages.ResponseParameters;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallRequest;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallResponse;
import dev.grpcpolyglot.interop.testing.TestServiceGrpc;
import dev.grpcpolyglot.server.PolyglotServer;
import dev.grpcpolyglot.server.ServerConfig;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TestService over a real Netty port honours HTTP/2 flow control: a client that asks for 10 MiB
 * or a gigabyte and never reads makes the server hand the transport only what the stream's
 * window and gRPC's on-ready threshold allow, and the rest follows once it reads. A probe on the
 * server's calls counts the bytes the service hands to the transport and every message it sends
 * while the transport says it is not ready; it refuses sends past {@link #RUNAWAY_BYTES} so a
 * server that ignores flow control fails the test without filling the test JVM's memory.
 *
 * <p>No timing: once more than the window plus the threshold has been handed over, the call can
 * never be ready again until the client reads (what waits beyond the window stays over the
 * threshold), so a server that honours flow control has stopped for good at that point.
 */
class InteropFlowControlTest {
  /** The client's stream window: fixed (no BDP auto-tuning), so the bound below is exact. */
  private static final int CLIENT_WINDOW = 65_535;
  /** gRPC's: a call is ready while less than this is handed to the transport and not sent. */
  private static final int ON_READY_THRESHOLD = 32 * 1024;
  private static final int RESPONSE_BYTES = 10 * 1024;
  /** A response on the wire: its payload, the protobuf tags and gRPC's 5-byte message header. */
  private static final int FRAMED_RESPONSE_BYTES = RESPONSE_BYTES + 6 + 5;
  /**
   * The most a server that honours flow control hands the transport while its client reads
   * nothing: the window the client opened, the on-ready threshold, and the one response sent
   * while just under it.
   */
  private static final long BOUND = CLIENT_WINDOW + ON_READY_THRESHOLD + FRAMED_RESPONSE_BYTES;
  private static final long RUNAWAY_BYTES = 16L * 1024 * 1024;

  private final Probe probe = new Probe();
  private PolyglotServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    builder.intercept(probe);
    server = new PolyglotServer(builder, ServerConfig.forTests()
        .with(InteropModule.MODULE, InteropConfig.off().withEnabled(true))).start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
        .flowControlWindow(CLIENT_WINDOW).build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.stop();
  }

  @Test
  void aServerStreamOfAClientThatNeverReadsStopsAtTheWindowAndGoesOnWhenItReads()
      throws Exception {
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int i = 0; i < 1000; i++) { // the most one request may ask (--test-service-max-responses)
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(RESPONSE_BYTES));
    }
    Reader reader = new Reader();
    ClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        start(TestServiceGrpc.getStreamingOutputCallMethod(), reader);
    call.sendMessage(request.build());
    call.halfClose();

    assertTrue(probe.parked.await(60, TimeUnit.SECONDS), "the server never stopped sending");
    assertFlowControlHonoured();

    call.request(Integer.MAX_VALUE); // now the client reads: the server goes on from onReady
    assertEquals(Status.Code.OK, reader.end.get(60, TimeUnit.SECONDS).getCode());
    assertEquals(1000, reader.received.get());
    assertEquals(0, probe.sentWhileNotReady.get());
  }

  @Test
  void aFullDuplexClientSendingManyRequestsAndNeverReadingMakesTheServerReadOneAtATime()
      throws Exception {
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int i = 0; i < 1000; i++) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(RESPONSE_BYTES));
    }
    Reader reader = new Reader();
    ClientCall<StreamingOutputCallRequest, StreamingOutputCallResponse> call =
        start(TestServiceGrpc.getFullDuplexCallMethod(), reader);
    for (int i = 0; i < 100; i++) { // 100 x 1000 x 10 KiB: a gigabyte asked
      call.sendMessage(request.build());
    }
    call.halfClose();

    assertTrue(probe.parked.await(60, TimeUnit.SECONDS), "the server never stopped sending");
    assertFlowControlHonoured();
    assertEquals(1, probe.requestsRead.get(), "requests read while the first is being answered");
    call.cancel("done", null);
  }

  private void assertFlowControlHonoured() {
    assertEquals(0, probe.sentWhileNotReady.get(), "messages sent while the transport was not"
        + " ready (" + probe.handedBytes.get() + " bytes handed to it)");
    long handed = probe.handedBytes.get();
    assertTrue(handed <= BOUND, handed + " bytes handed to the transport, over " + BOUND);
  }

  /** Starts a call whose messages are delivered only when the test calls request(n). */
  private <ReqT, RespT> ClientCall<ReqT, RespT> start(MethodDescriptor<ReqT, RespT> method,
      Reader reader) {
    ClientCall<ReqT, RespT> call =
        channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(120, TimeUnit.SECONDS));
    @SuppressWarnings("unchecked")
    ClientCall.Listener<RespT> listener = (ClientCall.Listener<RespT>) reader;
    call.start(listener, new Metadata());
    return call;
  }

  /** The client side: counts the responses it was given and records how the call ended. */
  private static final class Reader extends ClientCall.Listener<Object> {
    final AtomicInteger received = new AtomicInteger();
    final CompletableFuture<Status> end = new CompletableFuture<>();

    @Override
    public void onMessage(Object message) {
      received.incrementAndGet();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      end.complete(status);
    }
  }

  /** Watches the server's calls (one per test): see the class comment. */
  private static final class Probe implements ServerInterceptor {
    final AtomicLong handedBytes = new AtomicLong();
    final AtomicLong sentWhileNotReady = new AtomicLong();
    final AtomicInteger requestsRead = new AtomicInteger();
    /**
     * A callback into the service returned with the call not ready for good (see the class
     * comment), or the call ended, or the probe stopped a runaway.
     */
    final CountDownLatch parked = new CountDownLatch(1);

    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
        Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      ServerCall<ReqT, RespT> watched = new SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(RespT message) {
          if (!isReady()) {
            sentWhileNotReady.incrementAndGet();
          }
          int framed = ((MessageLite) message).getSerializedSize() + 5;
          if (handedBytes.addAndGet(framed) > RUNAWAY_BYTES) {
            parked.countDown();
            throw new IllegalStateException("the service ignores flow control; probe stops it");
          }
          super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
          super.close(status, trailers);
          parked.countDown();
        }
      };
      return new SimpleForwardingServerCallListener<>(next.startCall(watched, headers)) {
        @Override
        public void onMessage(ReqT message) {
          requestsRead.incrementAndGet();
          super.onMessage(message);
          returned();
        }

        @Override
        public void onHalfClose() {
          super.onHalfClose();
          returned();
        }

        @Override
        public void onReady() {
          super.onReady();
          returned();
        }

        private void returned() {
          if (!watched.isReady() && handedBytes.get() >= CLIENT_WINDOW + ON_READY_THRESHOLD) {
            parked.countDown();
          }
        }
      };
    }
  }
}
