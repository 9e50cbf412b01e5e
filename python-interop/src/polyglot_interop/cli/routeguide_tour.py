"""The route guide tour: the official clients' four calls with fixed input, printed as the Java and
Go clients print them (docs/routeguide.md), one ``label -> reply`` line per call."""

from __future__ import annotations

import argparse

import grpc

from polyglot_interop.cli.calls import DemoCalls
from polyglot_interop.clients.routeguide import (
    SERVICE,
    RouteGuideClient,
    format_point,
    note,
    point,
)
from polyglot_interop.gen import route_guide_pb2

KNOWN_POINT = point(409146138, -746188906)  # Berkshire Valley trail
LO, HI = point(400000000, -750000000), point(420000000, -730000000)
ROUTE = [
    KNOWN_POINT,
    point(407838351, -746143763),  # Patriots Path, Mendham
    point(408122808, -743999179),  # Whippany
    point(0, 0),  # nothing there
]
NOTES = [note(point(0, n % 3 + 1), f"{word} message") for n, word in enumerate(
    ["First", "Second", "Third", "Fourth", "Fifth", "Sixth"])]


def tour(channel: grpc.Channel, timeout: float, calls: DemoCalls) -> None:
    client = RouteGuideClient(channel, timeout)
    for at in (KNOWN_POINT, point(0, 0)):
        def feature_name(at: route_guide_pb2.Point = at) -> str:
            return f'"{client.get_feature(at).name}"'

        calls.call(f"{SERVICE}/GetFeature{format_point(at)}", feature_name)

    def features() -> str:
        found = client.list_features(LO, HI)
        if not found:
            return "0 features"
        return (f'{len(found)} features, first "{found[0].name}" at '
                f"{format_point(found[0].location)}")

    calls.call(f"{SERVICE}/ListFeatures({format_point(LO)}, {format_point(HI)})", features)

    def route() -> str:
        s = client.record_route(ROUTE)
        return (f"{s.point_count} points, {s.feature_count} features, {s.distance} metres, "
                f"{s.elapsed_time} s")

    calls.call(f"{SERVICE}/RecordRoute({len(ROUTE)} points)", route)

    def chat() -> str:
        received = client.route_chat(NOTES)
        if not received:
            return "0 notes back"
        last = received[-1]
        return f'{len(received)} notes back, last "{last.message}" at {format_point(last.location)}'

    calls.call(f"{SERVICE}/RouteChat({len(NOTES)} notes)", chat)


def routeguide(channel: grpc.Channel, args: argparse.Namespace) -> int:
    calls = DemoCalls()
    tour(channel, args.deadline, calls)
    return 1 if calls.failures else 0
