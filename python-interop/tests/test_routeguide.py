"""routeguide.RouteGuide from Python against the Java server: the client class and the CLI tour."""

from __future__ import annotations

import re
import subprocess
import sys

import grpc
import pytest
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from servers import RunningServer

from polyglot_interop.clients import HealthClient
from polyglot_interop.clients.routeguide import RouteGuideClient, note, point

BERKSHIRE = point(409146138, -746188906)


def test_get_feature_names_the_feature_or_returns_an_unnamed_one(channel: grpc.Channel) -> None:
    client = RouteGuideClient(channel)
    feature = client.get_feature(BERKSHIRE)
    assert feature.name == "Berkshire Valley Management Area Trail, Jefferson, NJ, USA"
    assert feature.location == BERKSHIRE
    assert client.get_feature(point(0, 0)).name == ""


def test_list_features_streams_the_named_features_in_the_rectangle(channel: grpc.Channel) -> None:
    client = RouteGuideClient(channel)
    lo, hi = point(400000000, -750000000), point(420000000, -730000000)
    features = client.list_features(lo, hi)
    assert len(features) == 64
    assert all(f.name for f in features)
    assert client.list_features(hi, lo) == features  # corners in either order


def test_record_route_sums_the_haversine_distance(channel: grpc.Channel) -> None:
    summary = RouteGuideClient(channel).record_route(
        [BERKSHIRE, point(407838351, -746143763), point(0, 0)])
    assert (summary.point_count, summary.feature_count, summary.distance) == (3, 2, 14546 + 8718901)


def test_route_chat_returns_notes_left_earlier_by_other_callers(channel: grpc.Channel) -> None:
    client = RouteGuideClient(channel)
    here = point(-123456, 654321)  # a location no other test uses
    assert client.route_chat([note(here, "python was here")]) == []
    assert client.route_chat([note(here, "again")]) == [note(here, "python was here")]


def test_coordinates_off_the_globe_are_invalid_argument_naming_the_field(
        channel: grpc.Channel) -> None:
    client = RouteGuideClient(channel)
    with pytest.raises(grpc.RpcError) as failed:
        client.list_features(point(0, 0), point(900000001, 0))
    assert failed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failed.value.details().startswith("hi.latitude 900000001 is outside")
    with pytest.raises(grpc.RpcError) as failed:
        client.route_chat([note(point(0, 1800000001), "east of the date line")])
    assert failed.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failed.value.details().startswith("location.longitude 1800000001")


def test_health_and_reflection_list_it(channel: grpc.Channel) -> None:
    assert HealthClient(channel).check("routeguide.RouteGuide") == "SERVING"
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(file_containing_symbol="routeguide.RouteGuide")
    reply = next(stub.ServerReflectionInfo(iter([request]), timeout=10))
    assert reply.file_descriptor_response.file_descriptor_proto, reply


def test_cli_tour_prints_the_four_calls(java_server: RunningServer) -> None:
    result = subprocess.run([sys.executable, "-m", "polyglot_interop", "--target",
                             java_server.address, "routeguide"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        'routeguide.RouteGuide/GetFeature(409146138, -746188906) -> '
        '"Berkshire Valley Management Area Trail, Jefferson, NJ, USA"',
        'routeguide.RouteGuide/GetFeature(0, 0) -> ""',
        'routeguide.RouteGuide/ListFeatures((400000000, -750000000), (420000000, -730000000)) -> '
        '64 features, first "Patriots Path, Mendham, NJ 07945, USA" at (407838351, -746143763)',
    ]
    # 14546 m + 18327 m + 8701701 m by the haversine formula.
    assert re.fullmatch(r"routeguide\.RouteGuide/RecordRoute\(4 points\) -> "
                        r"4 points, 3 features, 8734574 metres, \d+ s", lines[3])
    # Notes are shared by every client of the server: at least our own first three come back.
    assert re.fullmatch(r'routeguide\.RouteGuide/RouteChat\(6 notes\) -> (\d+) notes back, '
                        r'last "\w+ message" at \(0, [123]\)', lines[4])
    assert int(re.search(r"-> (\d+) notes", lines[4]).group(1)) >= 3
    assert len(lines) == 5
