package dev.grpcpolyglot.client;

import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.Rectangle;
import dev.grpcpolyglot.proto.routeguide.RouteGuideGrpc;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.proto.routeguide.RouteSummary;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Calls {@code routeguide.RouteGuide}, gRPC's route guide tutorial service: one method per call
 * kind (unary, server streaming, client streaming, bidirectional). Coordinates off the globe are
 * refused with INVALID_ARGUMENT.
 */
public final class RouteGuideClient {
  private final RouteGuideGrpc.RouteGuideBlockingStub blocking;
  private final RouteGuideGrpc.RouteGuideStub async;
  private final long deadlineMillis;

  public RouteGuideClient(Channel channel, Duration deadline) {
    this.blocking = RouteGuideGrpc.newBlockingStub(channel);
    this.async = RouteGuideGrpc.newStub(channel);
    this.deadlineMillis = Deadlines.millis(deadline);
  }

  public RouteGuideClient(Channel channel) {
    this(channel, Deadlines.DEFAULT);
  }

  /** A point in E7 degrees (degrees times 10^7). */
  public static Point point(int latitude, int longitude) {
    return Point.newBuilder().setLatitude(latitude).setLongitude(longitude).build();
  }

  /** A note left at a point. */
  public static RouteNote note(Point at, String message) {
    return RouteNote.newBuilder().setLocation(at).setMessage(message).build();
  }

  /** "(latitude, longitude)" in E7, as every language's CLI prints a point. */
  public static String format(Point point) {
    return "(" + point.getLatitude() + ", " + point.getLongitude() + ")";
  }

  /** The feature at a point; its name is empty where there is none. */
  public Feature getFeature(Point at) {
    return blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT).getFeature(at);
  }

  /** The named features in the rectangle spanned by lo and hi, read as they stream in. */
  public List<Feature> listFeatures(Point lo, Point hi) {
    List<Feature> features = new ArrayList<>();
    blocking.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .listFeatures(Rectangle.newBuilder().setLo(lo).setHi(hi).build())
        .forEachRemaining(features::add);
    return features;
  }

  /** Streams a route's points; returns the server's summary (points, features, metres, s). */
  public RouteSummary recordRoute(List<Point> points) throws InterruptedException {
    CompletableFuture<RouteSummary> summary = new CompletableFuture<>();
    StreamObserver<Point> route = async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .recordRoute(new StreamObserver<>() {
          @Override
          public void onNext(RouteSummary value) {
            summary.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            summary.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    points.forEach(route::onNext);
    route.onCompleted();
    return await(summary);
  }

  /**
   * Sends notes while receiving, on gRPC's threads, the notes others left at the same locations
   * earlier; returns what came back once the server ends the stream.
   */
  public List<RouteNote> routeChat(List<RouteNote> notes) throws InterruptedException {
    List<RouteNote> received = new ArrayList<>();
    CompletableFuture<List<RouteNote>> done = new CompletableFuture<>();
    StreamObserver<RouteNote> chat = async.withDeadlineAfter(deadlineMillis, Deadlines.UNIT)
        .routeChat(new StreamObserver<>() {
          @Override
          public void onNext(RouteNote value) {
            received.add(value); // callbacks of one call never run concurrently
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(List.copyOf(received));
          }
        });
    notes.forEach(chat::onNext);
    chat.onCompleted();
    return await(done);
  }

  /** Waits for a call's outcome (see {@link Deadlines#await}). */
  private <T> T await(CompletableFuture<T> future) throws InterruptedException {
    return Deadlines.await(future, deadlineMillis);
  }
}
