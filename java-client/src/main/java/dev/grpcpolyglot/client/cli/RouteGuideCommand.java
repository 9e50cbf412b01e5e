package dev.grpcpolyglot.client.cli;

import dev.grpcpolyglot.client.RouteGuideClient;
import dev.grpcpolyglot.proto.routeguide.Feature;
import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.RouteNote;
import dev.grpcpolyglot.proto.routeguide.RouteSummary;
import io.grpc.Status;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code routeguide}: the route guide tour, the official clients' four calls with fixed input,
 * printed as the Python and Go clients print them (docs/routeguide.md).
 */
@Command(name = "routeguide", mixinStandardHelpOptions = true,
    description = "routeguide.RouteGuide: GetFeature, ListFeatures, RecordRoute and RouteChat with "
        + "fixed input, one line each.")
final class RouteGuideCommand implements Callable<Integer> {
  private static final String SERVICE = "routeguide.RouteGuide";
  private static final Point KNOWN_POINT = RouteGuideClient.point(409146138, -746188906);
  private static final Point LO = RouteGuideClient.point(400000000, -750000000);
  private static final Point HI = RouteGuideClient.point(420000000, -730000000);
  private static final List<Point> ROUTE = List.of(
      KNOWN_POINT,
      RouteGuideClient.point(407838351, -746143763), // Patriots Path, Mendham
      RouteGuideClient.point(408122808, -743999179), // Whippany
      RouteGuideClient.point(0, 0)); // nothing there
  private static final List<RouteNote> NOTES = List.of(
      note(1, "First"), note(2, "Second"), note(3, "Third"),
      note(1, "Fourth"), note(2, "Fifth"), note(3, "Sixth"));

  @ParentCommand ClientMain parent;

  private static RouteNote note(int longitude, String word) {
    return RouteGuideClient.note(RouteGuideClient.point(0, longitude), word + " message");
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = parent.out();
    PrintStream err = parent.err();
    @SuppressWarnings("DefaultCharset") // encodes as the wrapped PrintStream does
    PrintWriter errors = new PrintWriter(err, true);
    return ContactCommands.withChannel(parent.connection, errors, channel -> {
      RouteGuideClient client = new RouteGuideClient(channel, parent.connection.deadline());
      DemoCalls calls = new DemoCalls(out, err);
      for (Point at : List.of(KNOWN_POINT, RouteGuideClient.point(0, 0))) {
        calls.call(SERVICE + "/GetFeature" + RouteGuideClient.format(at),
            () -> "\"" + client.getFeature(at).getName() + "\"");
      }
      calls.call(SERVICE + "/ListFeatures(" + RouteGuideClient.format(LO) + ", "
          + RouteGuideClient.format(HI) + ")", () -> features(client.listFeatures(LO, HI)));
      calls.call(SERVICE + "/RecordRoute(" + ROUTE.size() + " points)",
          () -> summary(interruptibly(() -> client.recordRoute(ROUTE))));
      calls.call(SERVICE + "/RouteChat(" + NOTES.size() + " notes)",
          () -> notes(interruptibly(() -> client.routeChat(NOTES))));
      return calls.failures() > 0 ? 1 : 0;
    });
  }

  private interface Blocking<T> {
    T get() throws InterruptedException;
  }

  private static <T> T interruptibly(Blocking<T> call) {
    try {
      return call.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
    }
  }

  private static String features(List<Feature> features) {
    if (features.isEmpty()) {
      return "0 features";
    }
    Feature first = features.get(0);
    return features.size() + " features, first \"" + first.getName() + "\" at "
        + RouteGuideClient.format(first.getLocation());
  }

  private static String summary(RouteSummary s) {
    return s.getPointCount() + " points, " + s.getFeatureCount() + " features, "
        + s.getDistance() + " metres, " + s.getElapsedTime() + " s";
  }

  private static String notes(List<RouteNote> notes) {
    if (notes.isEmpty()) {
      return "0 notes back";
    }
    RouteNote last = notes.get(notes.size() - 1);
    return notes.size() + " notes back, last \"" + last.getMessage() + "\" at "
        + RouteGuideClient.format(last.getLocation());
  }
}
