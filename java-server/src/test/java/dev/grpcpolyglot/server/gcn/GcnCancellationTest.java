package dev.grpcpolyglot.server.gcn;

import static dev.grpcpolyglot.server.gcn.Graphs.edge;
import static dev.grpcpolyglot.server.gcn.Graphs.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cancelled call, or one whose deadline passes, stops the computation at its next checkpoint.
 * A hook in the cancellation signal holds the computation at a checkpoint inside the network
 * until the call's context is really cancelled, then counts the checkpoints that follow: exactly
 * one (the one that saw the cancellation) proves the work stopped there. No timing involved.
 */
class GcnCancellationTest {
  /** Checkpoints before the hook holds: past validation and adjacency, inside the network. */
  private static final int HOLD_AT_CHECKPOINT = 5;

  private final CountDownLatch computing = new CountDownLatch(1);
  private final CountDownLatch contextCancelled = new CountDownLatch(1);
  private final CountDownLatch handlerReturned = new CountDownLatch(1);
  private final AtomicInteger checkpoints = new AtomicInteger();
  private final AtomicInteger checkpointsSeeingCancellation = new AtomicInteger();
  private Server server;
  private ManagedChannel channel;

  private GCNServiceGrpc.GCNServiceFutureStub start() throws Exception {
    String name = InProcessServerBuilder.generateName();
    GcnService service = new GcnService(GcnConfig.defaults(), holdingCancellationSignal());
    // A real executor (not direct): the handler must run while the test thread cancels.
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(service, new HandlerReturnWatcher()))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return GCNServiceGrpc.newFutureStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void cancelledCallStopsTheComputation() throws Exception {
    ListenableFuture<GCNResult> call = start().processGraph(chain(100));
    assertTrue(computing.await(10, TimeUnit.SECONDS), "computation never reached the hook");

    call.cancel(true);

    assertTrue(handlerReturned.await(10, TimeUnit.SECONDS), "handler did not return");
    assertEquals(HOLD_AT_CHECKPOINT, checkpoints.get(), "checkpoints run in total");
    assertEquals(1, checkpointsSeeingCancellation.get());
  }

  @Test
  void passedDeadlineStopsTheComputation() throws Exception {
    ListenableFuture<GCNResult> call =
        start().withDeadlineAfter(200, TimeUnit.MILLISECONDS).processGraph(chain(100));

    ExecutionException e = assertThrows(ExecutionException.class, call::get);

    assertEquals(Status.Code.DEADLINE_EXCEEDED,
        ((StatusRuntimeException) e.getCause()).getStatus().getCode());
    assertTrue(handlerReturned.await(10, TimeUnit.SECONDS), "handler did not return");
    assertEquals(HOLD_AT_CHECKPOINT, checkpoints.get(), "checkpoints run in total");
    assertEquals(1, checkpointsSeeingCancellation.get());
  }

  /**
   * The call's real signal (its Context), except that checkpoint {@link #HOLD_AT_CHECKPOINT}
   * first waits (bounded) until the context is cancelled by the client or the deadline.
   */
  private Supplier<BooleanSupplier> holdingCancellationSignal() {
    return () -> {
      Context context = Context.current();
      context.addListener(cancelled -> contextCancelled.countDown(), Runnable::run);
      return () -> {
        if (checkpoints.incrementAndGet() == HOLD_AT_CHECKPOINT) {
          computing.countDown();
          awaitQuietly(contextCancelled);
        }
        boolean cancelled = context.isCancelled();
        if (cancelled) {
          checkpointsSeeingCancellation.incrementAndGet();
        }
        return cancelled;
      };
    };
  }

  /** Counts down once the unary handler (run inside onHalfClose) has returned. */
  private final class HandlerReturnWatcher implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
        Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
        @Override
        public void onHalfClose() {
          try {
            super.onHalfClose();
          } finally {
            handlerReturned.countDown();
          }
        }
      };
    }
  }

  private static GraphData chain(int nodes) {
    GraphData.Builder graph = GraphData.newBuilder();
    for (int i = 0; i < nodes; i++) {
      graph.addNodes(node("n" + i, i, -i));
      if (i > 0) {
        graph.addEdges(edge("n" + (i - 1), "n" + i));
      }
    }
    return graph.build();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
