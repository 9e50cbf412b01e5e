package dev.grpcpolyglot.server.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.grpcpolyglot.interop.testing.Messages.BoolValue;
import dev.grpcpolyglot.interop.testing.Messages.EchoStatus;
import dev.grpcpolyglot.interop.testing.Messages.Payload;
import dev.grpcpolyglot.interop.testing.Messages.ResponseParameters;
import dev.grpcpolyglot.interop.testing.Messages.SimpleRequest;
import dev.grpcpolyglot.interop.testing.Messages.SimpleResponse;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallRequest;
import dev.grpcpolyglot.interop.testing.Messages.StreamingOutputCallResponse;
import dev.grpcpolyglot.interop.testing.TestServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.EndRecorder;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * grpc.testing.TestService is served only with --test-service, health then lists it, and the
 * behaviour the interop clients rely on most (size, status echo, metadata echo, the compression
 * probe) holds through a real stub. The full suite runs in scripts/test interop.
 */
class InteropTestServiceTest {
  @Test
  void offByDefaultAndListedByHealthWhenOn() throws Exception {
    try (InProcessHarness off = InProcessHarness.start()) {
      assertFalse(off.server().serviceNames().contains(TestServiceGrpc.SERVICE_NAME));
    }
    try (InProcessHarness on =
        InProcessHarness.start(ServerConfig.forTests()
            .with(InteropModule.MODULE, InteropConfig.off().withEnabled(true)))) {
      assertTrue(on.server().serviceNames().contains(TestServiceGrpc.SERVICE_NAME));
      ServingStatus health = HealthGrpc.newBlockingStub(on.channel())
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .check(HealthCheckRequest.newBuilder().setService(TestServiceGrpc.SERVICE_NAME).build())
          .getStatus();
      assertEquals(ServingStatus.SERVING, health);
    }
  }

  @Test
  void answersSizesEchoesStatusAndMetadataAndRefusesAFalseCompressionClaim() throws Exception {
    try (InProcessHarness harness =
        InProcessHarness.start(ServerConfig.forTests()
            .with(InteropModule.MODULE, InteropConfig.off().withEnabled(true)))) {
      AtomicReference<Metadata> headers = new AtomicReference<>();
      AtomicReference<Metadata> trailers = new AtomicReference<>();
      Metadata echo = new Metadata();
      echo.put(EchoMetadataInterceptor.ECHO_INITIAL, "initial");
      echo.put(EchoMetadataInterceptor.ECHO_TRAILING, new byte[] {(byte) 0xab, (byte) 0xab});
      TestServiceGrpc.TestServiceBlockingStub stub =
          TestServiceGrpc.newBlockingStub(harness.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(echo),
              MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));

      SimpleResponse reply = stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(314159)
          .setPayload(Payload.newBuilder().setBody(ByteString.copyFrom(new byte[271828]))).build());
      assertArrayEquals(new byte[314159], reply.getPayload().getBody().toByteArray());
      assertEquals("initial", headers.get().get(EchoMetadataInterceptor.ECHO_INITIAL));
      assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xab},
          trailers.get().get(EchoMetadataInterceptor.ECHO_TRAILING));

      StatusRuntimeException echoed = assertThrows(StatusRuntimeException.class,
          () -> stub.unaryCall(SimpleRequest.newBuilder().setResponseStatus(
              EchoStatus.newBuilder().setCode(2).setMessage("test status message")).build()));
      assertEquals(Status.Code.UNKNOWN, echoed.getStatus().getCode());
      assertEquals("test status message", echoed.getStatus().getDescription());

      StatusRuntimeException probe = assertThrows(StatusRuntimeException.class,
          () -> stub.unaryCall(SimpleRequest.newBuilder()
              .setExpectCompressed(BoolValue.newBuilder().setValue(true)).build()));
      assertEquals(Status.Code.INVALID_ARGUMENT, probe.getStatus().getCode());
    }
  }

  @Test
  void refusesResponsesOverTheLimitsNamingThem() throws Exception {
    InteropConfig bounds = new InteropConfig(true, 1000, 3);
    try (InProcessHarness harness =
        InProcessHarness.start(ServerConfig.forTests().with(InteropModule.MODULE, bounds))) {
      TestServiceGrpc.TestServiceBlockingStub stub = TestServiceGrpc.newBlockingStub(
          harness.channel()).withDeadlineAfter(30, TimeUnit.SECONDS);
      assertEquals(1000, stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(1000).build())
          .getPayload().getBody().size());
      assertRefused(Status.Code.INVALID_ARGUMENT, "response_size is 1001 bytes, over the server's"
          + " limit of 1000 (--test-service-max-response-size)",
          () -> stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(1001).build()));
      assertRefused(Status.Code.INVALID_ARGUMENT, "response_size is -1; it must not be negative",
          () -> stub.unaryCall(SimpleRequest.newBuilder().setResponseSize(-1).build()));

      assertRefused(Status.Code.INVALID_ARGUMENT, "response_parameters[1].size is 1000000000"
          + " bytes, over the server's limit of 1000 (--test-service-max-response-size)",
          () -> stub.streamingOutputCall(streaming(10, 1_000_000_000)).forEachRemaining(r -> { }));
      assertRefused(Status.Code.INVALID_ARGUMENT, "the request asks for 4 responses, over the"
          + " server's limit of 3 per request (--test-service-max-responses)",
          () -> stub.streamingOutputCall(streaming(1, 1, 1, 1)).forEachRemaining(r -> { }));

      // HalfDuplexCall holds its requests until the half-close: 2 + 2 responses are over 3.
      EndRecorder<StreamingOutputCallResponse> replies = EndRecorder.onEach(r -> { });
      StreamObserver<StreamingOutputCallRequest> requests =
          TestServiceGrpc.newStub(harness.channel()).withDeadlineAfter(30, TimeUnit.SECONDS)
              .halfDuplexCall(replies);
      requests.onNext(streaming(1, 1));
      requests.onNext(streaming(1, 1));
      requests.onCompleted();
      Status held = replies.ended.get(30, TimeUnit.SECONDS);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, held.getCode());
      assertTrue(held.getDescription().contains("limit of 3 responses (--test-service-max-responses)"),
          held.getDescription());
    }
  }

  private static StreamingOutputCallRequest streaming(int... sizes) {
    StreamingOutputCallRequest.Builder request = StreamingOutputCallRequest.newBuilder();
    for (int size : sizes) {
      request.addResponseParameters(ResponseParameters.newBuilder().setSize(size));
    }
    return request.build();
  }

  private static void assertRefused(Status.Code code, String message, Runnable call) {
    StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, refused.getStatus().getCode());
    assertEquals(message, refused.getStatus().getDescription());
  }
}
