package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.GCNResult;
import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import dev.grpcpolyglot.server.error.Unary;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GCNService}: scores every node of a graph with a two-layer GCN (see {@link GcnModel}
 * and SERVICES.md). Each reply carries the handler's time in trailer {@code gcn-server-ms}.
 *
 * <p>It implements {@code AsyncService} + {@link BindableService} rather than extending
 * {@code GCNServiceImplBase}, whose {@code bindService()} is final: binding ourselves is how the
 * timing interceptor stays part of this service instead of the server's wiring.
 */
public final class GcnService implements GCNServiceGrpc.AsyncService, BindableService {
  private static final Logger logger = Logger.getLogger(GcnService.class.getName());

  private final GcnModel model;
  private final Supplier<BooleanSupplier> cancellationOfCurrentCall;

  public GcnService(GcnConfig config) {
    this(config, GcnService::currentCallCancelled);
  }

  /**
   * For tests: {@code cancellationOfCurrentCall} is asked once per call, on the call's thread,
   * for the signal the computation polls (production: the call context's isCancelled).
   */
  GcnService(GcnConfig config, Supplier<BooleanSupplier> cancellationOfCurrentCall) {
    this.model = new GcnModel(config);
    this.cancellationOfCurrentCall = cancellationOfCurrentCall;
    logger.info(() -> "GCNService scores with the " + config.network() + "; limits "
        + config.maxNodes() + " nodes, " + config.maxEdges() + " edges");
  }

  /**
   * Scores every node. INVALID_ARGUMENT names the bad node id or edge index; a graph over the
   * limits is RESOURCE_EXHAUSTED; an empty graph gets an empty map; the work stops at its next
   * checkpoint once the caller cancels or its deadline passes.
   */
  @Override
  public void processGraph(GraphData request, StreamObserver<GCNResult> responseObserver) {
    Unary.respond(responseObserver, () -> score(request));
  }

  private GCNResult score(GraphData request) {
    long start = System.nanoTime();
    Cancellation cancellation = new Cancellation(cancellationOfCurrentCall.get());
    GcnModel.Scores scores = model.score(new ProtoGraphSource(request), cancellation);
    GCNResult.Builder reply = GCNResult.newBuilder();
    String[] ids = scores.ids();
    double[] values = scores.values();
    for (int i = 0; i < ids.length; i++) {
      reply.putNodeScores(ids[i], (float) values[i]);
    }
    GCNResult result = reply.build();
    long elapsed = System.nanoTime() - start;
    ServerTimingTrailer.record(elapsed);
    if (logger.isLoggable(Level.FINE)) {
      logger.fine(String.format("ProcessGraph: %d nodes, %d edges in %.1f ms",
          request.getNodesCount(), request.getEdgesCount(), elapsed / 1e6));
    }
    return result;
  }

  @Override
  public ServerServiceDefinition bindService() {
    return ServerInterceptors.intercept(
        GCNServiceGrpc.bindService(this), new ServerTimingTrailer());
  }

  private static BooleanSupplier currentCallCancelled() {
    // Captured here, on the call's thread: the row blocks may run on fork-join workers, whose
    // own Context.current() is not the call's.
    Context context = Context.current();
    return context::isCancelled;
  }
}
