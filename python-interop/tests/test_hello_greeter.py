"""HelloService and both Greeters against the Java server: exact replies and every error row."""

from __future__ import annotations

import math
import struct

import grpc
import pytest

from polyglot_interop.clients import GreeterClient, HelloClient, MuxsGreeterClient


def float32(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


@pytest.mark.parametrize("value", ["test", "", "ünïcødé ✓", "x" * 10_000])
def test_hello_prefixes_the_value(channel: grpc.Channel, value: str) -> None:
    assert HelloClient(channel).hello(value) == "hello:" + value


def test_hello_worked_example(channel: grpc.Channel) -> None:
    assert HelloClient(channel).hello("test") == "hello:test"


@pytest.fixture(params=[GreeterClient, MuxsGreeterClient], ids=["helloworld", "muxs"])
def greeter(request: pytest.FixtureRequest, channel: grpc.Channel):
    return request.param(channel)


@pytest.mark.parametrize("name", ["you", "", "Zoë"])
def test_say_hello(greeter, name: str) -> None:
    assert greeter.say_hello(name) == f"Hello, {name}!"


def test_square_returns_the_square_root(greeter) -> None:
    assert greeter.square(231) == float32(math.sqrt(231))
    assert f"{greeter.square(231):.6f}" == "15.198684"


@pytest.mark.parametrize("value", [0.0, 1.0, 2.0, 1e30, 1e-30])
def test_square_of_valid_values(greeter, value: float) -> None:
    assert greeter.square(value) == pytest.approx(float32(math.sqrt(float32(value))), rel=1e-7)


@pytest.mark.parametrize("value", [-1.0, -1e-30, math.nan, math.inf, -math.inf])
def test_square_rejects_negative_nan_and_infinite(greeter, value: float) -> None:
    with pytest.raises(grpc.RpcError) as failure:
        greeter.square(value)
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.value.details()  # the message names the problem
