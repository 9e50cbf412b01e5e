package dev.grpcpolyglot.server.gcn;

import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.metrics.DomainMetrics;
import dev.grpcpolyglot.server.error.Unary;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GCNService}: scores every node of a graph with a two-layer GCN (see {@link GcnModel}
 * and docs/services.md). Each reply carries the handler's time in trailer {@code gcn-server-ms}.
 *
 * <p>It implements {@link BindableService} rather than extending {@code GCNServiceImplBase},
 * whose {@code bindService()} is final: binding ourselves is how the timing interceptor stays
 * part of this service instead of the server's wiring. The bound method is the same
 * {@code /GCNService/ProcessGraph} with its wire format unchanged, but with
 * marshallers that decode the request straight into arrays ({@link GraphDataMarshaller}) and
 * write the reply straight from them ({@link NodeScoresMarshaller}): for a million edges the
 * generated message classes cost more than the GCN itself.
 */
public final class GcnService implements BindableService {
  private static final Logger logger = Logger.getLogger(GcnService.class.getName());

  private final GcnModel model;
  private final GraphDataMarshaller requestMarshaller;
  private final Supplier<BooleanSupplier> cancellationOfCurrentCall;
  private final GcnMetrics metrics;

  public GcnService(GcnConfig config) {
    this(config, DomainMetrics.NONE);
  }

  /** As above, reporting graph sizes and compute time to {@code metrics}. */
  public GcnService(GcnConfig config, DomainMetrics metrics) {
    this(config, GcnService::currentCallCancelled, metrics);
  }

  GcnService(GcnConfig config, Supplier<BooleanSupplier> cancellationOfCurrentCall) {
    this(config, cancellationOfCurrentCall, DomainMetrics.NONE);
  }

  /**
   * For tests: {@code cancellationOfCurrentCall} is asked once per call, on the call's thread,
   * for the signal the computation polls (production: the call context's isCancelled).
   */
  private GcnService(GcnConfig config, Supplier<BooleanSupplier> cancellationOfCurrentCall,
      DomainMetrics metrics) {
    this.metrics = new GcnMetrics(metrics);
    this.model = new GcnModel(config);
    this.requestMarshaller = new GraphDataMarshaller(config.maxNodes(), config.maxEdges());
    this.cancellationOfCurrentCall = cancellationOfCurrentCall;
    logger.info(() -> "GCNService scores with the " + config.network() + "; limits "
        + config.maxNodes() + " nodes, " + config.maxEdges() + " edges");
  }

  /**
   * Scores every node. INVALID_ARGUMENT names the bad node id or edge index; a graph over the
   * limits is RESOURCE_EXHAUSTED; an empty graph gets an empty map; the work stops at its next
   * checkpoint once the caller cancels or its deadline passes.
   */
  private void processWireGraph(WireGraph request, StreamObserver<NodeScores> responseObserver) {
    Unary.respond(responseObserver, () -> {
      long start = System.nanoTime();
      if (request.malformed != null) {
        throw ProblemException.invalidArgument(request.malformed).because("MALFORMED_GRAPH");
      }
      NodeScores reply = new NodeScores(request, scores(request));
      recordTime(request.parseNanos + System.nanoTime() - start, request.nodeCount,
          request.edgeCount);
      return reply;
    });
  }

  private double[] scores(GraphSource graph) {
    return model.score(graph, new Cancellation(cancellationOfCurrentCall.get()));
  }

  private void recordTime(long elapsed, int nodes, int edges) {
    ServerTimingTrailer.record(elapsed);
    metrics.scored(nodes, edges, elapsed);
    if (logger.isLoggable(Level.FINE)) {
      logger.fine(String.format("ProcessGraph: %d nodes, %d edges in %.1f ms",
          nodes, edges, elapsed / 1e6));
    }
  }

  @Override
  public ServerServiceDefinition bindService() {
    MethodDescriptor<WireGraph, NodeScores> method = GCNServiceGrpc.getProcessGraphMethod()
        .toBuilder(requestMarshaller, new NodeScoresMarshaller())
        .build();
    ServiceDescriptor generated = GCNServiceGrpc.getServiceDescriptor();
    ServiceDescriptor service = ServiceDescriptor.newBuilder(generated.getName())
        .setSchemaDescriptor(generated.getSchemaDescriptor()) // reflection still sees gcn.proto
        .addMethod(method)
        .build();
    ServerServiceDefinition definition = ServerServiceDefinition.builder(service)
        .addMethod(method, ServerCalls.asyncUnaryCall(this::processWireGraph))
        .build();
    return ServerInterceptors.intercept(definition, new ServerTimingTrailer());
  }

  private static BooleanSupplier currentCallCancelled() {
    // Captured here, on the call's thread: the row blocks may run on fork-join workers, whose
    // own Context.current() is not the call's.
    Context context = Context.current();
    return context::isCancelled;
  }
}
