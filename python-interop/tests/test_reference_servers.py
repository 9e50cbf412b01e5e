"""The reference Python servers (sync and aio) called with the Python client: SERVICES.md replies."""

from __future__ import annotations

import math
import struct
import subprocess
import sys

import grpc
import pytest

from polyglot_interop.clients import GreeterClient, HealthClient, HelloClient
from servers import RunningServer


STYLES = ["sync", "aio"]


@pytest.fixture(params=STYLES)
def reference(request: pytest.FixtureRequest) -> RunningServer:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(params=STYLES)
def ref_channel(request: pytest.FixtureRequest) -> grpc.Channel:
    return request.getfixturevalue(f"{request.param}_channel")


def test_hello(ref_channel: grpc.Channel) -> None:
    assert HelloClient(ref_channel).hello("test") == "hello:test"


def test_greeter(ref_channel: grpc.Channel) -> None:
    greeter = GreeterClient(ref_channel)
    assert greeter.say_hello("you") == "Hello, you!"
    assert greeter.square(231) == struct.unpack("f", struct.pack("f", math.sqrt(231)))[0]


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_square_rejects_bad_values(ref_channel: grpc.Channel, value: float) -> None:
    with pytest.raises(grpc.RpcError) as failure:
        GreeterClient(ref_channel).square(value)
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_health_reports_each_service(ref_channel: grpc.Channel) -> None:
    health = HealthClient(ref_channel)
    for service in ("", "go_protoc.HelloService", "helloworld.Greeter", "GCNService"):
        assert health.check(service) == "SERVING"


def test_cli_against_the_reference_server(reference: RunningServer) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "polyglot_interop", "--target", reference.address, "hello", "greeter", "gcn"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'go_protoc.HelloService/Hello("test") -> hello:test',
        'helloworld.Greeter/SayHello("you") -> Hello, you!',
        "helloworld.Greeter/Square(231) -> 15.198684",
        "GCNService/ProcessGraph(node1 [0.1,0.2,0.3], node2 [0.4,0.5,0.6], node1-node2) "
        "-> node1=0.586618, node2=0.586618",
    ]
