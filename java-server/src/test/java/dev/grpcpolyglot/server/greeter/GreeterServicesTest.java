package dev.grpcpolyglot.server.greeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.helloworld.GreeterGrpc;
import dev.grpcpolyglot.proto.helloworld.HelloRequest;
import dev.grpcpolyglot.proto.helloworld.Number;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helloworld.Greeter and muxs.Greeter through real stubs. */
class GreeterServicesTest {
  private InProcessHarness harness;
  private GreeterGrpc.GreeterBlockingStub helloworld;
  private dev.grpcpolyglot.proto.muxs.GreeterGrpc.GreeterBlockingStub muxs;

  @BeforeEach
  void start() throws Exception {
    harness = InProcessHarness.start();
    helloworld = GreeterGrpc.newBlockingStub(harness.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
    muxs = dev.grpcpolyglot.proto.muxs.GreeterGrpc.newBlockingStub(harness.channel())
        .withDeadlineAfter(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void sayHelloGreetsByName() {
    assertEquals("Hello, you!",
        helloworld.sayHello(HelloRequest.newBuilder().setName("you").build()).getMessage());
    assertEquals("Hello, !",
        helloworld.sayHello(HelloRequest.getDefaultInstance()).getMessage());
    assertEquals("Hello, Zoë 世界!",
        helloworld.sayHello(HelloRequest.newBuilder().setName("Zoë 世界").build()).getMessage());
  }

  @Test
  void squareReturnsTheSquareRootAsTheReferenceDid() {
    float root = helloworld.square(Number.newBuilder().setValue(231f).build()).getValue();
    assertEquals(15.198684f, root);
    assertEquals("15.198684", Float.toString(root));
    assertEquals(0f, helloworld.square(Number.newBuilder().setValue(0f).build()).getValue());
    assertEquals(3f, helloworld.square(Number.newBuilder().setValue(9f).build()).getValue());
  }

  @ParameterizedTest
  @ValueSource(floats = {-1f, -0.001f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void squareRejectsNegativeNanAndInfinite(float bad) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> helloworld.square(Number.newBuilder().setValue(bad).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains(Float.toString(bad)),
        "message names the value: " + e.getStatus().getDescription());

    StatusRuntimeException viaMuxs = assertThrows(StatusRuntimeException.class,
        () -> muxs.square(dev.grpcpolyglot.proto.muxs.Number.newBuilder().setValue(bad).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, viaMuxs.getStatus().getCode());
    for (StatusRuntimeException refused : new StatusRuntimeException[] {e, viaMuxs}) {
      assertEquals("value", badRequestField(refused));
    }
  }

  /** The field the BadRequest detail of {@code e} names (docs/errors.md). */
  private static String badRequestField(StatusRuntimeException e) {
    com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(e);
    assertTrue(details != null, "status carries details");
    for (com.google.protobuf.Any any : details.getDetailsList()) {
      if (any.is(com.google.rpc.BadRequest.class)) {
        try {
          return any.unpack(com.google.rpc.BadRequest.class).getFieldViolations(0).getField();
        } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
          throw new AssertionError(bad);
        }
      }
    }
    throw new AssertionError("no BadRequest in " + details);
  }

  @Test
  void muxsGreeterAnswersLikeHelloworld() {
    assertEquals("Hello, you!", muxs.sayHello(
        dev.grpcpolyglot.proto.muxs.HelloRequest.newBuilder().setName("you").build()).getMessage());
    assertEquals(15.198684f, muxs.square(
        dev.grpcpolyglot.proto.muxs.Number.newBuilder().setValue(231f).build()).getValue());
  }

  @Test
  void expiredDeadlineIsDeadlineExceeded() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> GreeterGrpc.newBlockingStub(harness.channel())
            .withDeadlineAfter(0, TimeUnit.NANOSECONDS)
            .sayHello(HelloRequest.newBuilder().setName("late").build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
  }
}
