"""The reference servers called with the Python client and CLI: docs/services.md's replies.

Python's (sync and aio: HelloService, helloworld.Greeter, GCNService), and Go's (go-interop's
cmd/refserver: HelloService and helloworld.Greeter in plain grpc-go), which is the original
pairing "Python client -> Go server". (The Go suite checks the Go client against ours.)
"""

from __future__ import annotations

import math
import struct
import subprocess
import sys

import grpc
import pytest
from checks import expect_status
from servers import RunningServer

from polyglot_interop.clients import GreeterClient, HealthClient, HelloClient

PYTHON_STYLES = ["sync", "aio"]
ALL_REFERENCE_SERVERS = [*PYTHON_STYLES, "go"]
HELLO_AND_GREETER_LINES = [
    'go_protoc.HelloService/Hello("test") -> hello:test',
    'helloworld.Greeter/SayHello("you") -> Hello, you!',
    "helloworld.Greeter/Square(231) -> 15.198684",
]
GCN_LINE = ("GCNService/ProcessGraph(node1 [0.1,0.2,0.3], node2 [0.4,0.5,0.6], node1-node2) "
            "-> node1=0.586618, node2=0.586618")


@pytest.fixture(params=ALL_REFERENCE_SERVERS)
def ref_channel(request: pytest.FixtureRequest) -> grpc.Channel:
    return request.getfixturevalue(f"{request.param}_channel")


@pytest.fixture(params=PYTHON_STYLES)
def python_channel(request: pytest.FixtureRequest) -> grpc.Channel:
    return request.getfixturevalue(f"{request.param}_channel")


def test_hello(ref_channel: grpc.Channel) -> None:
    assert HelloClient(ref_channel).hello("test") == "hello:test"


def test_greeter(ref_channel: grpc.Channel) -> None:
    greeter = GreeterClient(ref_channel)
    assert greeter.say_hello("you") == "Hello, you!"
    assert greeter.square(231) == struct.unpack("f", struct.pack("f", math.sqrt(231)))[0]


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_square_rejects_bad_values(ref_channel: grpc.Channel, value: float) -> None:
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: GreeterClient(ref_channel).square(value))


def test_health_reports_each_service(python_channel: grpc.Channel) -> None:
    health = HealthClient(python_channel)
    for service in ("", "go_protoc.HelloService", "helloworld.Greeter", "GCNService"):
        assert health.check(service) == "SERVING"


@pytest.mark.parametrize("kind, services, lines", [
    ("sync", ["hello", "greeter", "gcn"], [*HELLO_AND_GREETER_LINES, GCN_LINE]),
    ("aio", ["hello", "greeter", "gcn"], [*HELLO_AND_GREETER_LINES, GCN_LINE]),
    ("go", ["hello", "greeter"], HELLO_AND_GREETER_LINES),
])
def test_cli_against_the_reference_server(request: pytest.FixtureRequest, kind: str,
                                          services: list[str], lines: list[str]) -> None:
    server: RunningServer = request.getfixturevalue(f"{kind}_server")
    result = subprocess.run(
        [sys.executable, "-m", "polyglot_interop", "--target", server.address, *services],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == lines
