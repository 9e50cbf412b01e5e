"""Client of ``routeguide.RouteGuide``, gRPC's route guide tutorial service (its four call kinds)."""

from __future__ import annotations

from collections.abc import Iterable

import grpc

from polyglot_interop.clients.rpc import DEFAULT_TIMEOUT, Client, logged_failure
from polyglot_interop.gen import route_guide_pb2, route_guide_pb2_grpc

SERVICE = "routeguide.RouteGuide"


def point(latitude: int, longitude: int) -> route_guide_pb2.Point:
    """A point in E7 degrees (degrees times 10**7)."""
    return route_guide_pb2.Point(latitude=latitude, longitude=longitude)


def note(at: route_guide_pb2.Point, message: str) -> route_guide_pb2.RouteNote:
    return route_guide_pb2.RouteNote(location=at, message=message)


def format_point(p: route_guide_pb2.Point) -> str:
    """``(latitude, longitude)`` in E7, as every language's CLI prints a point."""
    return f"({p.latitude}, {p.longitude})"


class RouteGuideClient(Client):
    """Calls ``routeguide.RouteGuide``; coordinates off the globe raise INVALID_ARGUMENT."""

    def __init__(self, channel: grpc.Channel, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        super().__init__(timeout)
        self._stub = route_guide_pb2_grpc.RouteGuideStub(channel)

    def get_feature(self, at: route_guide_pb2.Point, *,
                    timeout: float | None = None) -> route_guide_pb2.Feature:
        """The feature at a point; its name is empty where there is none."""
        with logged_failure(f"{SERVICE}/GetFeature"):
            return self._stub.GetFeature(at, timeout=self._deadline(timeout))

    def list_features(self, lo: route_guide_pb2.Point, hi: route_guide_pb2.Point, *,
                      timeout: float | None = None) -> list[route_guide_pb2.Feature]:
        """The named features in the rectangle spanned by lo and hi, read as they stream in."""
        rectangle = route_guide_pb2.Rectangle(lo=lo, hi=hi)
        with logged_failure(f"{SERVICE}/ListFeatures"):
            return list(self._stub.ListFeatures(rectangle, timeout=self._deadline(timeout)))

    def record_route(self, points: Iterable[route_guide_pb2.Point], *,
                     timeout: float | None = None) -> route_guide_pb2.RouteSummary:
        """Streams a route's points; returns the server's summary (points, features, metres, s)."""
        with logged_failure(f"{SERVICE}/RecordRoute"):
            return self._stub.RecordRoute(iter(points), timeout=self._deadline(timeout))

    def route_chat(self, notes: Iterable[route_guide_pb2.RouteNote], *,
                   timeout: float | None = None) -> list[route_guide_pb2.RouteNote]:
        """Sends notes (gRPC sends from its own thread while we read) and returns the notes that
        others left at the same locations earlier."""
        with logged_failure(f"{SERVICE}/RouteChat"):
            return list(self._stub.RouteChat(iter(notes), timeout=self._deadline(timeout)))
