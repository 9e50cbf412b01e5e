package dev.grpcpolyglot.server.transport;

import static dev.grpcpolyglot.server.transport.LimitsTest.hello;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.server.ServerConfig;
import dev.grpcpolyglot.server.testing.EndRecorder;
import dev.grpcpolyglot.server.testing.NettyHarness;
import io.grpc.ConnectivityState;
import io.grpc.Context;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-connection call limit, idle and age limits against a real Netty port. Long-lived calls are
 * health watches: server streams that stay open until the client cancels or the connection ends.
 */
class ConnectionLifetimeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aConnectionAtItsCallLimitMakesFurtherCallsWaitWhileOtherConnectionsAreServed()
      throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withLimits(config.limits().withMaxConcurrentCallsPerConnection(2));
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel busy = server.channel(InsecureChannelCredentials.create());
      Watch first = Watch.open(busy);
      Watch second = Watch.open(busy);
      first.awaitServing();
      second.awaitServing();

      // Both slots are held, so a third call on this connection cannot start before its deadline.
      StatusRuntimeException waited = assertThrows(StatusRuntimeException.class,
          () -> HelloServiceCall.withDeadline(busy, Duration.ofMillis(500)));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, waited.getStatus().getCode());
      assertEquals("hello:other", hello(server.channel(InsecureChannelCredentials.create()), "other"));

      // Not asserted: that a call waiting for a slot starts once a cancel frees one. With grpc-java
      // 1.85 it did not in about 1 run of 6 (the client's buffered stream waits out its deadline),
      // reproduced against a bare NettyServerBuilder + health service, so it is grpc-java/Netty's
      // client, not this server. Clients must not rely on it; the default limit (1000) keeps
      // real clients far from it.
      first.cancel();
      second.cancel();
    }
  }

  @Test
  void anIdleConnectionIsClosedAndTheClientReconnects() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withLimits(config.limits()
        .withConnectionLifetime(Duration.ofMillis(300), Duration.ZERO, Duration.ZERO));
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel channel = server.channel(InsecureChannelCredentials.create());
      assertEquals("hello:before", hello(channel, "before"));
      // The server's GOAWAY after 300 ms without calls turns the channel IDLE.
      assertTrue(awaitState(channel, ConnectivityState.IDLE), "state " + channel.getState(false));
      assertEquals("hello:after", hello(channel, "after"));
    }
  }

  @Test
  void anAgedConnectionGetsItsGraceThenItsCallsEndUnavailable() throws Exception {
    ServerConfig config = ServerConfig.forTests();
    config = config.withLimits(config.limits()
        .withConnectionLifetime(Duration.ZERO, Duration.ofMillis(300), Duration.ofMillis(300)));
    try (NettyHarness server = NettyHarness.start(config)) {
      ManagedChannel channel = server.channel(InsecureChannelCredentials.create());
      Watch watch = Watch.open(channel);
      watch.awaitServing();
      // Age (300 ms, +-10% jitter) sends GOAWAY; the grace (300 ms) ends the open call.
      Status ended = watch.ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(Status.Code.UNAVAILABLE, ended.getCode(), ended.toString());
      // New calls go to a new connection.
      assertEquals("hello:again", hello(channel, "again"));
    }
  }

  /** Bounded wait (no sleep) for the channel to reach {@code target}. */
  private static boolean awaitState(ManagedChannel channel, ConnectivityState target)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    ConnectivityState state = channel.getState(false);
    while (state != target && System.nanoTime() < deadline) {
      CountDownLatch changed = new CountDownLatch(1);
      channel.notifyWhenStateChanged(state, changed::countDown);
      changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      state = channel.getState(false);
    }
    return state == target;
  }

  /** A health watch held open in its own cancellable context. */
  private static final class Watch extends EndRecorder<HealthCheckResponse> {
    final CompletableFuture<Void> serving = new CompletableFuture<>();
    private final Context.CancellableContext context = Context.current().withCancellation();

    static Watch open(ManagedChannel channel) {
      Watch watch = new Watch();
      watch.context.run(() -> HealthGrpc.newStub(channel)
          .watch(HealthCheckRequest.getDefaultInstance(), watch));
      return watch;
    }

    void awaitServing() throws Exception {
      serving.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void cancel() {
      context.cancel(null);
    }

    @Override
    public void onNext(HealthCheckResponse response) {
      serving.complete(null);
    }
  }

  /** A Hello with an explicit deadline (LimitsTest.hello uses a fixed 5 s). */
  private static final class HelloServiceCall {
    static String withDeadline(ManagedChannel channel, Duration deadline) {
      return dev.grpcpolyglot.proto.hello.HelloServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .hello(dev.grpcpolyglot.proto.hello.String.newBuilder().setValue("third").build())
          .getValue();
    }
  }
}
