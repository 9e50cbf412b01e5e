package dev.grpcpolyglot.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.grpcpolyglot.proto.routeguide.Point;
import dev.grpcpolyglot.proto.routeguide.RouteSummary;
import dev.grpcpolyglot.server.testing.InProcessHarness;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RouteGuideClient against the real server on the in-process transport. */
class RouteGuideClientTest {
  private static final Point BERKSHIRE = RouteGuideClient.point(409146138, -746188906);

  private InProcessHarness harness;
  private RouteGuideClient client;

  @BeforeEach
  void start() throws Exception {
    harness = InProcessHarness.start();
    client = new RouteGuideClient(harness.channel());
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void theFourCalls() throws Exception {
    assertEquals("Berkshire Valley Management Area Trail, Jefferson, NJ, USA",
        client.getFeature(BERKSHIRE).getName());
    assertEquals(64, client.listFeatures(RouteGuideClient.point(400000000, -750000000),
        RouteGuideClient.point(420000000, -730000000)).size());
    RouteSummary summary = client.recordRoute(List.of(BERKSHIRE, BERKSHIRE));
    assertEquals(2, summary.getPointCount());
    assertEquals(2, summary.getFeatureCount());
    assertEquals(0, summary.getDistance());
    Point here = RouteGuideClient.point(5, 5);
    assertEquals(List.of(), client.routeChat(List.of(RouteGuideClient.note(here, "one"))));
    assertEquals(List.of(RouteGuideClient.note(here, "one")),
        client.routeChat(List.of(RouteGuideClient.note(here, "two"))));
  }

  @Test
  void offTheGlobeIsInvalidArgumentNamingTheField() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> client.recordRoute(List.of(RouteGuideClient.point(-900000001, 0))));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("point 0.latitude -900000001"),
        e.getStatus().getDescription());
  }
}
