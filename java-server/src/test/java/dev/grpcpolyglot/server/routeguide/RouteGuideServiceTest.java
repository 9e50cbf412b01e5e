package dev.grpcpolyglot.server.routeguide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.Rectangle;
import dev.grpcpolyglot.proto.routeguide.RouteGuideGrpc;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.proto.routeguide.RouteSummary;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** routeguide.RouteGuide through a real stub on the in-process transport, official database. */
class RouteGuideServiceTest {
  private static final Point BERKSHIRE = point(409146138, -746188906);
  private static final Point PATRIOTS_PATH = point(407838351, -746143763);

  private InProcessHarness harness;
  private RouteGuideGrpc.RouteGuideBlockingStub blocking;
  private RouteGuideGrpc.RouteGuideStub async;

  @BeforeEach
  void start() throws Exception {
    harness = InProcessHarness.start();
    blocking = RouteGuideGrpc.newBlockingStub(harness.channel())
        .withDeadlineAfter(10, TimeUnit.SECONDS);
    async = RouteGuideGrpc.newStub(harness.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void getFeatureNamesTheFeatureAtAPoint() {
    Feature feature = blocking.getFeature(BERKSHIRE);
    assertEquals("Berkshire Valley Management Area Trail, Jefferson, NJ, USA", feature.getName());
    assertEquals(BERKSHIRE, feature.getLocation());
  }

  @Test
  void getFeatureWhereThereIsNoneIsUnnamed() {
    Feature feature = blocking.getFeature(point(0, 0));
    assertEquals(Feature.newBuilder().setLocation(point(0, 0)).build(), feature);
  }

  @Test
  void listFeaturesStreamsTheNamedFeaturesInTheRectangleWithCornersInAnyOrder() {
    Point lo = point(400000000, -750000000);
    Point hi = point(420000000, -730000000);
    List<Feature> features = drain(blocking.listFeatures(rectangle(lo, hi)));
    assertEquals(64, features.size());
    assertEquals("Patriots Path, Mendham, NJ 07945, USA", features.get(0).getName());
    assertTrue(features.stream().noneMatch(feature -> feature.getName().isEmpty()));
    assertEquals(features, drain(blocking.listFeatures(rectangle(hi, lo))));
    assertEquals(List.of(), drain(blocking.listFeatures(rectangle(point(0, 0), point(1, 1)))));
  }

  @Test
  void recordRouteCountsPointsNamedFeaturesAndMetres() throws Exception {
    CompletableFuture<RouteSummary> summary = new CompletableFuture<>();
    StreamObserver<Point> route = async.recordRoute(futureObserver(summary));
    route.onNext(BERKSHIRE);
    route.onNext(PATRIOTS_PATH);
    route.onNext(point(0, 0));
    route.onCompleted();
    RouteSummary got = summary.get(10, TimeUnit.SECONDS);
    assertEquals(3, got.getPointCount());
    assertEquals(2, got.getFeatureCount());
    // Haversine (the official formula) computed independently: 14546 m + 8718901 m.
    assertEquals(14546 + 8718901, got.getDistance());
    assertEquals(0, got.getElapsedTime());
  }

  @Test
  void routeChatSharesEarlierNotesAtALocationAcrossCallers() throws Exception {
    Point here = point(10, 20);
    List<RouteNote> first = chat(note(here, "from one"), note(point(10, 21), "elsewhere"));
    assertEquals(List.of(), first);
    List<RouteNote> second = chat(note(here, "from two"));
    assertEquals(List.of(note(here, "from one")), second);
  }

  @Test
  void coordinatesOutsideTheGlobeAreInvalidArgumentNamingTheField() throws Exception {
    assertInvalid("point.latitude 900000001",
        () -> blocking.getFeature(point(900000001, 0)));
    assertInvalid("hi.longitude -1800000001",
        () -> drain(blocking.listFeatures(rectangle(point(0, 0), point(0, -1800000001)))));

    CompletableFuture<RouteSummary> summary = new CompletableFuture<>();
    StreamObserver<Point> route = async.recordRoute(futureObserver(summary));
    route.onNext(BERKSHIRE);
    route.onNext(point(0, 1800000001));
    route.onCompleted();
    assertInvalid("point 1.longitude 1800000001", () -> summary.join());

    assertInvalid("location.latitude -900000001",
        () -> chat(note(point(-900000001, 0), "south of the pole")));
  }

  private List<RouteNote> chat(RouteNote... notes) throws Exception {
    List<RouteNote> received = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    StreamObserver<RouteNote> requests = async.routeChat(new StreamObserver<>() {
      @Override
      public void onNext(RouteNote value) {
        synchronized (received) {
          received.add(value);
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    for (RouteNote note : notes) {
      requests.onNext(note);
    }
    requests.onCompleted();
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (StatusRuntimeException) e.getCause();
    }
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void assertInvalid(String messageStart, Call call) {
    Throwable thrown = assertThrows(Exception.class, call::run);
    while (!(thrown instanceof StatusRuntimeException) && thrown.getCause() != null) {
      thrown = thrown.getCause();
    }
    Status status = Status.fromThrowable(thrown);
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode(), status.toString());
    assertTrue(status.getDescription().startsWith(messageStart), status.getDescription());
  }

  private static <T> StreamObserver<T> futureObserver(CompletableFuture<T> future) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        future.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        future.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    };
  }

  private static List<Feature> drain(Iterator<Feature> features) {
    List<Feature> all = new ArrayList<>();
    features.forEachRemaining(all::add);
    return all;
  }

  private static Point point(int latitude, int longitude) {
    return Point.newBuilder().setLatitude(latitude).setLongitude(longitude).build();
  }

  private static Rectangle rectangle(Point lo, Point hi) {
    return Rectangle.newBuilder().setLo(lo).setHi(hi).build();
  }

  private static RouteNote note(Point location, String message) {
    return RouteNote.newBuilder().setLocation(location).setMessage(message).build();
  }
}
