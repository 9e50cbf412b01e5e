package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.gcn.GCNServiceGrpc;
import dev.grpcpolyglot.proto.gcn.GraphData;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;

/** Calls {@code GCNService}. */
public final class GcnClient {
  /** Trailer in which the Java server reports its handler time, in milliseconds. */
  public static final Metadata.Key<String> SERVER_MS =
      Metadata.Key.of("gcn-server-ms", Metadata.ASCII_STRING_MARSHALLER);

  private final GCNServiceGrpc.GCNServiceBlockingStub stub;
  private final long deadlineMillis;

  public GcnClient(Channel channel, Duration deadline) {
    this.stub = GCNServiceGrpc.newBlockingStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public GcnClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** Returns node id -> score in (0, 1), one entry per node of {@code graph}. */
  public Map<String, Float> processGraph(GraphData graph) {
    return stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .processGraph(graph)
        .getNodeScoresMap();
  }

  /** {@link #processGraph} plus the server's own time for it, when the server reports one. */
  public Timed processGraphTimed(GraphData graph) {
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    Map<String, Float> scores = stub.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
        .processGraph(graph)
        .getNodeScoresMap();
    String serverMs = trailers.get() == null ? null : trailers.get().get(SERVER_MS);
    return new Timed(scores,
        serverMs == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(serverMs)));
  }

  /**
   * Scores and the server's handler time.
   *
   * @param scores node id -> score
   * @param serverMillis from trailer {@code gcn-server-ms}; empty if the server sent none
   */
  public record Timed(Map<String, Float> scores, OptionalDouble serverMillis) {}
}
