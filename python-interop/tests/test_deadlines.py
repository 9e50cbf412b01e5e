"""Deadlines and cancellation that need no particular service implementation."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import grpc
import pytest

from polyglot_interop.clients import HelloClient


@pytest.fixture
def silent_peer() -> Iterator[str]:
    """A TCP port that accepts connections and never speaks HTTP/2.

    A call to it can only end by its deadline, whatever the machine's speed; a deadline race
    against a fast real server (1 µs vs a sub-millisecond reply) could go either way.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"127.0.0.1:{listener.getsockname()[1]}"


def test_deadline_exceeded_is_reported(silent_peer: str) -> None:
    with grpc.insecure_channel(silent_peer) as channel, pytest.raises(grpc.RpcError) as failure:
        HelloClient(channel, timeout=0.2).hello("late")
    assert failure.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_a_per_call_timeout_overrides_the_clients(channel: grpc.Channel) -> None:
    client = HelloClient(channel, timeout=1e-6)
    assert client.hello("in time", timeout=10) == "hello:in time"
