package dev.grpcpolyglot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.testing.InProcessHarness;
import dev.grpcpolyglot.server.testing.Reflection;
import io.grpc.Context;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Health reports every service and flips on stop; reflection lists every service. */
class HealthAndReflectionTest {
  /** Every service of contract/v0. */
  static final List<String> CONTRACT_SERVICES = List.of(
      "go_protoc.HelloService", "helloworld.Greeter", "muxs.Greeter", "muxs.FileController",
      "GCNService", "Contact");

  private InProcessHarness harness;

  @BeforeEach
  void start() throws Exception {
    harness = InProcessHarness.start();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void everyServiceIsServing() {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(harness.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
    assertEquals(ServingStatus.SERVING, check(health, ""));
    for (String service : CONTRACT_SERVICES) {
      assertEquals(ServingStatus.SERVING, check(health, service), service);
    }
    assertEquals(ServingStatus.SERVING, check(health, "grpc.reflection.v1.ServerReflection"));
  }

  @Test
  void unknownServiceIsNotFound() {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(harness.channel()).withDeadlineAfter(5, TimeUnit.SECONDS);
    io.grpc.StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.grpc.StatusRuntimeException.class, () -> check(health, "no.such.Service"));
    assertEquals(io.grpc.Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void healthTurnsNotServingWhenTheServerStops() throws Exception {
    BlockingQueue<ServingStatus> seen = new LinkedBlockingQueue<>();
    // The watch is a long-lived call: cancel it once seen, or stop() would wait out the grace.
    Context.CancellableContext watchContext = Context.current().withCancellation();
    watchContext.run(() -> HealthGrpc.newStub(harness.channel()).watch(
        HealthCheckRequest.newBuilder().setService("GCNService").build(),
        new StreamObserver<HealthCheckResponse>() {
          @Override
          public void onNext(HealthCheckResponse response) {
            seen.add(response.getStatus());
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        }));
    assertEquals(ServingStatus.SERVING, seen.poll(5, TimeUnit.SECONDS));
    Thread stopper = new Thread(() -> {
      try {
        harness.server().stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();
    assertEquals(ServingStatus.NOT_SERVING, seen.poll(5, TimeUnit.SECONDS));
    watchContext.cancel(null);
    stopper.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!stopper.isAlive(), "stop() returned once the last call ended");
  }

  @Test
  void reflectionServesTheErrorDetailTypesSoGrpcurlDecodesThem() throws Exception {
    for (String detail : List.of("google.rpc.ErrorInfo", "google.rpc.BadRequest",
        "google.rpc.RetryInfo")) {
      List<String> files = Reflection.filesContainingV1(harness.channel(), detail);
      assertEquals("google/rpc/error_details.proto", files.isEmpty() ? "(none)" : files.get(0),
          detail + " -> " + files);
    }
  }

  @Test
  void reflectionV1ListsEveryService() throws Exception {
    List<String> names = Reflection.listV1(harness.channel());
    assertTrue(names.containsAll(CONTRACT_SERVICES), names.toString());
    assertTrue(names.contains("grpc.health.v1.Health"), names.toString());
  }

  @Test
  void reflectionV1AlphaListsEveryService() throws Exception {
    List<String> names = Reflection.listV1Alpha(harness.channel());
    assertTrue(names.containsAll(CONTRACT_SERVICES), names.toString());
  }

  private static ServingStatus check(HealthGrpc.HealthBlockingStub health, String service) {
    return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
  }
}
