package dev.grpcpolyglot.server.routeguide;

import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.Rectangle;
import dev.grpcpolyglot.proto.routeguide.RouteGuideGrpc;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.proto.routeguide.RouteSummary;
import dev.grpcpolyglot.server.lifecycle.NonBlockingService;
import dev.grpcpolyglot.server.error.ProblemException;
import dev.grpcpolyglot.server.error.Statuses;
import dev.grpcpolyglot.server.error.Unary;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.List;

/**
 * routeguide.RouteGuide, gRPC's route guide tutorial, with the official servers' behaviour (as
 * grpc-java's RouteGuideServer): GetFeature names the feature at a point, ListFeatures streams the
 * named features in a rectangle, RecordRoute summarises a route, RouteChat shares notes by location
 * among all callers. Coordinates outside ±90°/±180° are INVALID_ARGUMENT naming the field.
 * Handlers never block, so calls run on the transport threads ({@link NonBlockingService}).
 */
public final class RouteGuideService extends RouteGuideGrpc.RouteGuideImplBase
    implements NonBlockingService {
  private final FeatureDb features;
  private final RouteNotes notes;

  public RouteGuideService(RouteGuideConfig config) {
    this.features = config.features();
    this.notes = new RouteNotes(config.maxNotesPerLocation(), config.maxNotes());
  }

  /** The feature at a point; an unnamed feature at that point where there is none. */
  @Override
  public void getFeature(Point request, StreamObserver<Feature> responseObserver) {
    Unary.respond(responseObserver, () -> {
      GeoPoint point = RouteGuideMessages.toGeoPoint("point", request);
      return Feature.newBuilder()
          .setName(features.nameAt(point).orElse(""))
          .setLocation(request)
          .build();
    });
  }

  /**
   * Every named feature in the rectangle (corners in any order), sent only as fast as the client
   * reads: the next feature goes out when the transport is ready for it.
   */
  @Override
  public void listFeatures(Rectangle request, StreamObserver<Feature> responseObserver) {
    List<Place> matches;
    try {
      matches = features.within(RouteGuideMessages.toGeoPoint("lo", request.getLo()),
          RouteGuideMessages.toGeoPoint("hi", request.getHi()));
    } catch (ProblemException e) {
      responseObserver.onError(Statuses.toException(e));
      return;
    }
    ServerCallStreamObserver<Feature> call = (ServerCallStreamObserver<Feature>) responseObserver;
    new ReadyDrain(call, matches.iterator()).start();
  }

  /**
   * Sends features while the call is ready and resumes from its onReady callback. grpc-java
   * serialises a call's callbacks, so run() never overlaps itself.
   */
  private static final class ReadyDrain implements Runnable {
    private final ServerCallStreamObserver<Feature> call;
    private final Iterator<Place> remaining;
    private boolean finished;

    ReadyDrain(ServerCallStreamObserver<Feature> call, Iterator<Place> remaining) {
      this.call = call;
      this.remaining = remaining;
    }

    void start() {
      // A cancelled call stops the drain instead of throwing from onNext.
      call.setOnCancelHandler(() -> finished = true);
      call.setOnReadyHandler(this);
      run();
    }

    @Override
    public void run() {
      while (!finished && call.isReady() && remaining.hasNext()) {
        call.onNext(RouteGuideMessages.toFeature(remaining.next()));
      }
      if (!finished && !remaining.hasNext()) {
        finished = true;
        call.onCompleted();
      }
    }
  }

  /** Counts the points of a route, the named features on it, its length and duration. */
  @Override
  public StreamObserver<Point> recordRoute(StreamObserver<RouteSummary> responseObserver) {
    RouteTally tally = new RouteTally(features, System.nanoTime());
    return new StreamObserver<>() {
      private boolean failed;

      @Override
      public void onNext(Point point) {
        if (failed) {
          return;
        }
        try {
          tally.add(RouteGuideMessages.toGeoPoint("point " + tally.points(), point));
        } catch (ProblemException e) {
          failed = true;
          responseObserver.onError(Statuses.toException(e));
        }
      }

      @Override
      public void onError(Throwable t) {
        failed = true;
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        responseObserver.onNext(RouteSummary.newBuilder()
            .setPointCount(tally.points())
            .setFeatureCount(tally.featuresPassed())
            .setDistance(tally.metres())
            .setElapsedTime(tally.elapsedSeconds(System.nanoTime()))
            .build());
        responseObserver.onCompleted();
      }
    };
  }

  /**
   * For each note received, sends back the notes left at its location before it (by any caller),
   * then keeps it. Completes when the client half-closes.
   */
  @Override
  public StreamObserver<RouteNote> routeChat(StreamObserver<RouteNote> responseObserver) {
    return RouteChatStream.start(notes, (ServerCallStreamObserver<RouteNote>) responseObserver);
  }
}
