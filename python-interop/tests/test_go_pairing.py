"""The original pairing "Python client -> Go server": the Python clients and CLI against the Go
reference server (go-interop's cmd/refserver: HelloService + helloworld.Greeter in plain grpc-go),
started with scripts/go-refserver. (The Go suite checks the reverse pairing against our servers.)"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import sys
from collections.abc import Iterator

import grpc
import pytest

from checks import expect_status
from polyglot_interop.clients import GreeterClient, HelloClient
from servers import REPO, RunningServer, start, stopped_cleanly

GO_REFSERVER = REPO / "scripts" / "go-refserver"
# The first run builds the server from the pinned Go module (downloads included): be patient.
BUILD_AND_START_TIMEOUT = 600.0

pytestmark = [
    pytest.mark.skipif(not GO_REFSERVER.exists(), reason="waiting for go-interop (scripts/go-refserver) on main"),
    pytest.mark.skipif(shutil.which("go") is None, reason="needs the Go toolchain to build the Go server"),
]


@pytest.fixture(scope="module")
def go_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    work = tmp_path_factory.mktemp("go-refserver")
    server = start([str(GO_REFSERVER), "--port", "0"], work / "go-refserver.stderr",
                   timeout=BUILD_AND_START_TIMEOUT)
    yield server
    stopped_cleanly(server)


@pytest.fixture(scope="module")
def go_channel(go_server: RunningServer) -> Iterator[grpc.Channel]:
    with go_server.channel() as channel:
        yield channel


def test_hello(go_channel: grpc.Channel) -> None:
    assert HelloClient(go_channel).hello("test") == "hello:test"


def test_greeter(go_channel: grpc.Channel) -> None:
    greeter = GreeterClient(go_channel)
    assert greeter.say_hello("you") == "Hello, you!"
    assert greeter.square(231) == struct.unpack("f", struct.pack("f", math.sqrt(231)))[0]


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_square_rejects_bad_values(go_channel: grpc.Channel, value: float) -> None:
    expect_status(grpc.StatusCode.INVALID_ARGUMENT, lambda: GreeterClient(go_channel).square(value))


def test_cli_against_the_go_server(go_server: RunningServer) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "polyglot_interop", "--target", go_server.address, "hello", "greeter"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'go_protoc.HelloService/Hello("test") -> hello:test',
        'helloworld.Greeter/SayHello("you") -> Hello, you!',
        "helloworld.Greeter/Square(231) -> 15.198684",
    ]
