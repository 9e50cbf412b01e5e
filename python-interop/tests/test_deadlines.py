"""Deadlines and cancellation that need no particular service implementation."""

from __future__ import annotations

import grpc
import pytest

from polyglot_interop.clients import HelloClient


def test_deadline_exceeded_is_reported(channel: grpc.Channel) -> None:
    with pytest.raises(grpc.RpcError) as failure:
        HelloClient(channel, timeout=1e-6).hello("late")
    assert failure.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_a_per_call_timeout_overrides_the_clients(channel: grpc.Channel) -> None:
    client = HelloClient(channel, timeout=1e-6)
    assert client.hello("in time", timeout=10) == "hello:in time"
