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
import dev.grpcpolyglot.interop.testing.Messages.SimpleRequest;
import dev.grpcpolyglot.interop.testing.Messages.SimpleResponse;
import dev.grpcpolyglot.interop.testing.TestServiceGrpc;
import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
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
        InProcessHarness.start(ServerConfig.forTests().withTestService(true))) {
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
        InProcessHarness.start(ServerConfig.forTests().withTestService(true))) {
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
}
